/**
 * @module logging/start-banner
 * The few lines a person who just typed `npm start` needs, printed once the hub (and the demo
 * county, if seeded) is ready: where the console is, how to sign in, where the admin token is and a
 * licence to try. Only on a terminal: a service manager reads the JSON log lines instead.
 */
export interface StartBannerInfo {
  consoleUrl: string;
  adminTokenFile: string;
  demoClerk: { username: string; password: string } | undefined;
  tryLicence: string | undefined;
}

export function formatStartBanner(info: StartBannerInfo): string {
  const lines = [
    `控制台 Console      ${info.consoleUrl}`,
    ...(info.demoClerk ? [`演示窗口人员 Clerk   ${info.demoClerk.username} / ${info.demoClerk.password}`] : []),
    `管理员令牌 Admin    ${info.adminTokenFile}`,
    ...(info.tryLicence ? [`试一试 Try          ${info.tryLicence}`] : []),
  ];
  const rule = '─'.repeat(60);
  return ['', rule, ...lines, rule, ''].join('\n');
}
