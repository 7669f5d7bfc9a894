/**
 * @module main/demo/xinhua-places
 * The raw material of generated licences: people's names, places and trade names of 新化县
 * (Xinhua County, 娄底市, 湖南省; administrative division code 431322). Real township and street
 * names so a clerk recognises them; the people, businesses and house numbers are invented.
 */

export const COUNTY = { province: '湖南省', city: '娄底市', county: '新化县', divisionCode: '431322' } as const;

/** Surnames common in central Hunan, most frequent first (picked with a bias towards the front). */
export const SURNAMES = [
  '刘', '陈', '李', '王', '张', '杨', '曾', '罗', '邹', '肖', '谢', '伍', '邓', '彭', '袁', '廖', '周', '吴', '黄', '胡',
  '戴', '梁', '苏', '聂', '晏', '游', '孙', '蒋', '唐', '朱', '何', '贺', '谭', '奉', '康', '欧阳',
] as const;

export const GIVEN_NAME_CHARS = {
  男: ['伟', '强', '军', '勇', '建', '国', '明', '志', '华', '平', '斌', '波', '辉', '涛', '杰', '峰', '林', '文', '浩', '宇', '俊', '鹏', '磊', '超', '新', '立', '德', '福', '海', '洋', '庆', '春', '荣', '正'],
  女: ['芳', '丽', '娟', '敏', '静', '燕', '红', '霞', '艳', '玲', '秀', '英', '兰', '梅', '萍', '婷', '琴', '慧', '娜', '雪', '颖', '倩', '佳', '欣', '怡', '凤', '莲', '春', '桂', '琼'],
} as const;

/** Towns (街道/镇/乡) with a few of their villages or communities. */
export const TOWNSHIPS: readonly { name: string; short: string; villages: readonly string[] }[] = [
  { name: '上梅街道', short: '上梅', villages: ['北塔社区', '梅苑社区', '青石街社区', '天华社区', '小桥社区'] },
  { name: '枫林街道', short: '枫林', villages: ['枫林社区', '大同社区', '城南社区'] },
  { name: '向东街道', short: '向东', villages: ['向东社区', '桐子山社区', '资江社区'] },
  { name: '洋溪镇', short: '洋溪', villages: ['洋溪社区', '光明村', '新田村', '株梓村'] },
  { name: '水车镇', short: '水车', villages: ['紫鹊界村', '正龙村', '楼下村', '金龙村'] },
  { name: '琅塘镇', short: '琅塘', villages: ['琅塘社区', '白溪村', '杨柳村'] },
  { name: '槎溪镇', short: '槎溪', villages: ['槎溪社区', '毛坪村', '杨家村'] },
  { name: '奉家镇', short: '奉家', villages: ['下团村', '上团村', '渠江源村'] },
  { name: '石冲口镇', short: '石冲口', villages: ['石冲口社区', '泉水村'] },
  { name: '温塘镇', short: '温塘', villages: ['温塘社区', '栗山村'] },
  { name: '吉庆镇', short: '吉庆', villages: ['吉庆社区', '油溪村'] },
  { name: '孟公镇', short: '孟公', villages: ['孟公社区', '大坪村'] },
  { name: '炉观镇', short: '炉观', villages: ['炉观社区', '烟竹村'] },
  { name: '游家镇', short: '游家', villages: ['游家社区', '盘龙村'] },
  { name: '桑梓镇', short: '桑梓', villages: ['桑梓社区', '柳林村'] },
  { name: '科头乡', short: '科头', villages: ['科头社区', '新桥村'] },
];

/** Streets of the county seat (上梅街道 and neighbours). */
export const TOWN_STREETS = [
  '北塔路', '天华南路', '天华中路', '天华北路', '梅苑路', '上渡大道', '向东街', '学府路', '资江大道', '大桥东路',
  '城东路', '新华路', '枫林路', '沿江路', '人民路', '梅山大道', '狮子山路',
] as const;

export const RESIDENTIAL_COMPOUNDS = ['梅苑小区', '资江花园', '天华名都', '北塔山庄', '学府雅苑', '枫林湾', '上渡新城', '梅山御景', '锦绣华庭', '江景苑'] as const;

/** 字号 of local businesses. */
export const TRADE_NAMES = [
  '梅山', '资江', '紫鹊', '天华', '大熊山', '华兴', '鑫源', '宏达', '顺发', '金鼎', '益民', '康泰', '永兴', '恒通', '瑞丰',
  '祥和', '富民', '兴旺', '明珠', '龙腾', '新锐', '众诚', '汇丰', '润和', '湘中', '锦程', '渠江', '北塔', '上渡', '蚩尤',
  '梅城', '聚源', '顺达', '福满', '德润', '鸿运',
] as const;
