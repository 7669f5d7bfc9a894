/**
 * What `bench:verify` accepts as a right answer, for every load of the run: HTTP 200, `valid`, a
 * receipt — read cheaply from the text for every answer, and for a sample parsed and read check by
 * check. Each returns undefined for a right answer, else the reason, which the bench counts.
 */

interface Answer {
  result?: string;
  checks?: Record<string, { ok: boolean; code?: string }>;
  receipt?: string;
  inclusion?: unknown;
  error?: { code: string };
}

const COMPACT_JWS = /^ey[\w-]+\.[\w-]+\.[\w-]+$/;

function refused(status: number, text: string): string | undefined {
  return status === 200 ? undefined : `HTTP ${status} ${/"code":"([^"]+)"/.exec(text)?.[1] ?? ''}`.trim();
}

/** One verification: `POST /v1/verifications`. */
export function checkVerification(status: number, text: string, sampled: boolean): string | undefined {
  const wrong = refused(status, text);
  if (wrong) return wrong;
  if (sampled) {
    const answer = JSON.parse(text) as Answer;
    return checkItem(answer) ?? (COMPACT_JWS.test(answer.receipt ?? '') ? undefined : 'no receipt');
  }
  return text.includes('"result":"valid"') && text.includes('"receipt":"ey')
    ? undefined
    : `not valid: ${/"result":"([^"]+)"/.exec(text)?.[1] ?? '?'}`;
}

/** A batch of `size` licences with one receipt: `POST /v1/verifications/batch`. */
export function checkBatch(size: number, status: number, text: string, sampled: boolean): string | undefined {
  const wrong = refused(status, text);
  if (wrong) return wrong;
  if (sampled) {
    const answer = JSON.parse(text) as { receipt?: string; items?: Answer[] };
    if (!COMPACT_JWS.test(answer.receipt ?? '')) return 'batch without a receipt';
    if (answer.items?.length !== size) return `batch of ${answer.items?.length ?? 0} answers for ${size}`;
    for (const item of answer.items) {
      const wrongItem = checkItem(item) ?? (item.inclusion ? undefined : 'item without an inclusion proof');
      if (wrongItem) return `batch item: ${wrongItem}`;
    }
    return undefined;
  }
  const valid = text.split('"result":"valid"').length - 1;
  if (valid !== size) return `batch: ${valid} of ${size} valid`;
  return text.includes('"receipt":"ey') ? undefined : 'batch without a receipt';
}

/** Valid, with integrity, issuer and status each checked and passed. */
function checkItem(answer: Answer): string | undefined {
  if (answer.error) return `error ${answer.error.code}`;
  if (answer.result !== 'valid')
    return `not valid: ${answer.result} ${Object.values(answer.checks ?? {}).find((c) => !c.ok)?.code ?? ''}`.trim();
  for (const name of ['integrity', 'issuer', 'status']) if (answer.checks?.[name]?.ok !== true) return `check ${name} missing or failed`;
  return undefined;
}
