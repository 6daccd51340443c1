import type { Random } from './random.ts';

export type Gender = 'male' | 'female';

export interface PersonName {
  /** Family name (họ), e.g. Nguyễn. */
  family: string;
  /** Middle name (tên đệm), e.g. Văn, Thị. */
  middle: string;
  /** Given name (tên), the one people are called by, e.g. An. */
  given: string;
  /** Full name in Vietnamese order: họ, tên đệm, tên. */
  full: string;
  gender: Gender;
}

/** Family names with their approximate share of the population (weights, not percentages). */
const FAMILY_NAMES: readonly (readonly [string, number])[] = [
  ['Nguyễn', 38],
  ['Trần', 11],
  ['Lê', 9.5],
  ['Phạm', 7],
  ['Hoàng', 3],
  ['Huỳnh', 2.1],
  ['Phan', 4.5],
  ['Vũ', 2.2],
  ['Võ', 1.7],
  ['Đặng', 2.1],
  ['Bùi', 2],
  ['Đỗ', 1.4],
  ['Hồ', 1.3],
  ['Ngô', 1.3],
  ['Dương', 1],
  ['Lý', 0.5],
];

const MIDDLE_NAMES: Record<Gender, readonly (readonly [string, number])[]> = {
  male: [
    ['Văn', 30],
    ['Minh', 10],
    ['Đức', 8],
    ['Hữu', 6],
    ['Quốc', 6],
    ['Thanh', 5],
    ['Công', 4],
    ['Quang', 5],
    ['Xuân', 3],
    ['Hoàng', 4],
    ['Tuấn', 3],
    ['Gia', 3],
    ['Anh', 3],
    ['Đình', 4],
    ['Trọng', 3],
  ],
  female: [
    ['Thị', 35],
    ['Ngọc', 8],
    ['Thu', 6],
    ['Thanh', 5],
    ['Minh', 4],
    ['Phương', 4],
    ['Bảo', 3],
    ['Khánh', 3],
    ['Hồng', 4],
    ['Mai', 3],
    ['Thùy', 4],
    ['Kim', 3],
    ['Diệu', 2],
    ['Hoài', 2],
  ],
};

const GIVEN_NAMES: Record<Gender, readonly string[]> = {
  male: [
    'An',
    'Bình',
    'Cường',
    'Dũng',
    'Đạt',
    'Đức',
    'Hải',
    'Hiếu',
    'Hoàng',
    'Hùng',
    'Huy',
    'Khang',
    'Khánh',
    'Khoa',
    'Kiên',
    'Long',
    'Lâm',
    'Minh',
    'Nam',
    'Nghĩa',
    'Phong',
    'Phúc',
    'Quân',
    'Quang',
    'Sơn',
    'Tài',
    'Thắng',
    'Thành',
    'Tiến',
    'Toàn',
    'Trung',
    'Tuấn',
    'Tùng',
    'Việt',
    'Vinh',
    'Vũ',
  ],
  female: [
    'Anh',
    'Bình',
    'Chi',
    'Dung',
    'Duyên',
    'Giang',
    'Hà',
    'Hạnh',
    'Hằng',
    'Hiền',
    'Hoa',
    'Hồng',
    'Hương',
    'Huyền',
    'Lan',
    'Linh',
    'Loan',
    'Mai',
    'My',
    'Nga',
    'Ngân',
    'Ngọc',
    'Nhung',
    'Oanh',
    'Phương',
    'Quỳnh',
    'Tâm',
    'Thảo',
    'Thủy',
    'Trang',
    'Trinh',
    'Uyên',
    'Vân',
    'Vy',
    'Yến',
  ],
};

/** A realistic Vietnamese full name for this gender (random gender when none given). */
export function personName(
  random: Random,
  gender: Gender = random.chance(0.5) ? 'male' : 'female',
): PersonName {
  const family = random.weighted(FAMILY_NAMES);
  let middle = random.weighted(MIDDLE_NAMES[gender]);
  let given = random.pick(GIVEN_NAMES[gender]);
  // "Hoàng Hoàng", "Minh Minh": real but rare; avoid them so names read naturally.
  if (given === middle) given = random.pick(GIVEN_NAMES[gender].filter((name) => name !== middle));
  if (middle === family) middle = gender === 'male' ? 'Văn' : 'Thị';
  return { family, middle, given, full: `${family} ${middle} ${given}`, gender };
}

/** A name from fixed parts (the memorable demo customers). */
export function fixedName(family: string, middle: string, given: string, gender: Gender): PersonName {
  return { family, middle, given, full: `${family} ${middle} ${given}`, gender };
}
