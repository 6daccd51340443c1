/**
 * Where sandbox customers live: each region brings its own electricity and water utilities,
 * hospitals, schools and ATM locations, so a customer's bills name the right companies.
 */
interface Utility {
  name: string;
  /** Prefix of the customer code printed on the bill (EVN codes start PA…PE by corporation). */
  codePrefix: string;
}

export interface Region {
  city: string;
  weight: number;
  electricity: Utility;
  water: readonly Utility[];
  hospitals: readonly string[];
  schools: readonly School[];
  atms: readonly string[];
}

export interface School {
  name: string;
  /** Monthly fee for schools, per-semester fee for universities. */
  billing: 'monthly' | 'semester';
  min: number;
  max: number;
}

const universities: readonly School[] = [
  { name: 'Trường Đại học Bách khoa Hà Nội', billing: 'semester', min: 12_000_000, max: 22_000_000 },
  { name: 'Trường Đại học Kinh tế Quốc dân', billing: 'semester', min: 9_000_000, max: 18_000_000 },
  { name: 'Trường Đại học Kinh tế TP.HCM', billing: 'semester', min: 10_000_000, max: 20_000_000 },
  { name: 'Trường Đại học Đà Nẵng', billing: 'semester', min: 7_000_000, max: 14_000_000 },
];

export const regions: readonly Region[] = [
  {
    city: 'Hà Nội',
    weight: 34,
    electricity: { name: 'Tổng công ty Điện lực TP Hà Nội', codePrefix: 'PD' },
    water: [
      { name: 'Công ty TNHH MTV Nước sạch Hà Nội', codePrefix: 'HN' },
      { name: 'Công ty Cổ phần Nước sạch Hà Đông', codePrefix: 'HD' },
      { name: 'Công ty Cổ phần Viwaco', codePrefix: 'VW' },
    ],
    hospitals: ['Bệnh viện Bạch Mai', 'Bệnh viện Việt Đức', 'Bệnh viện Nhi Trung ương', 'Bệnh viện E'],
    schools: [
      { name: 'Trường Tiểu học Kim Đồng', billing: 'monthly', min: 400_000, max: 1_500_000 },
      { name: 'Trường THCS Trưng Vương', billing: 'monthly', min: 500_000, max: 1_800_000 },
      { name: 'Trường THPT Chu Văn An', billing: 'monthly', min: 600_000, max: 2_000_000 },
      { name: 'Trường Mầm non Hoa Sen', billing: 'monthly', min: 1_500_000, max: 4_500_000 },
      universities[0]!,
      universities[1]!,
    ],
    atms: [
      '108 Trần Hưng Đạo, Hoàn Kiếm',
      '306 Bà Triệu, Hai Bà Trưng',
      '21 Láng Hạ, Đống Đa',
      '72 Xuân Thủy, Cầu Giấy',
      '1 Nguyễn Văn Lộc, Hà Đông',
    ],
  },
  {
    city: 'TP Hồ Chí Minh',
    weight: 38,
    electricity: { name: 'Tổng công ty Điện lực TP Hồ Chí Minh', codePrefix: 'PE' },
    water: [
      { name: 'Tổng công ty Cấp nước Sài Gòn (SAWACO)', codePrefix: 'SW' },
      { name: 'Công ty Cổ phần Cấp nước Thủ Đức', codePrefix: 'TD' },
      { name: 'Công ty Cổ phần Cấp nước Bến Thành', codePrefix: 'BT' },
      { name: 'Công ty Cổ phần Cấp nước Gia Định', codePrefix: 'GD' },
    ],
    hospitals: ['Bệnh viện Chợ Rẫy', 'Bệnh viện Nhi Đồng 1', 'Bệnh viện Từ Dũ', 'Bệnh viện Nhân dân 115'],
    schools: [
      { name: 'Trường Tiểu học Lê Văn Tám', billing: 'monthly', min: 400_000, max: 1_500_000 },
      { name: 'Trường THCS Nguyễn Du', billing: 'monthly', min: 500_000, max: 1_800_000 },
      { name: 'Trường THPT Lê Hồng Phong', billing: 'monthly', min: 600_000, max: 2_200_000 },
      { name: 'Trường Mầm non Sơn Ca', billing: 'monthly', min: 1_800_000, max: 5_000_000 },
      universities[2]!,
    ],
    atms: [
      '93-95 Hàm Nghi, Quận 1',
      '79A Hàm Nghi, Quận 1',
      '123 Nguyễn Thị Minh Khai, Quận 3',
      '27 Phan Văn Trị, Gò Vấp',
      '12 Võ Văn Ngân, Thủ Đức',
    ],
  },
  {
    city: 'Đà Nẵng',
    weight: 10,
    electricity: { name: 'Tổng công ty Điện lực miền Trung', codePrefix: 'PC' },
    water: [{ name: 'Công ty Cổ phần Cấp nước Đà Nẵng', codePrefix: 'DN' }],
    hospitals: ['Bệnh viện Đà Nẵng', 'Bệnh viện Phụ sản - Nhi Đà Nẵng', 'Bệnh viện C Đà Nẵng'],
    schools: [
      { name: 'Trường Tiểu học Phù Đổng', billing: 'monthly', min: 300_000, max: 1_200_000 },
      { name: 'Trường THCS Nguyễn Huệ', billing: 'monthly', min: 400_000, max: 1_500_000 },
      { name: 'Trường THPT Phan Châu Trinh', billing: 'monthly', min: 500_000, max: 1_800_000 },
      universities[3]!,
    ],
    atms: ['36 Trần Quốc Toản, Hải Châu', '172 Nguyễn Văn Linh, Thanh Khê', '45 Ngô Quyền, Sơn Trà'],
  },
  {
    city: 'Hải Phòng',
    weight: 9,
    electricity: { name: 'Tổng công ty Điện lực miền Bắc', codePrefix: 'PA' },
    water: [{ name: 'Công ty Cổ phần Cấp nước Hải Phòng', codePrefix: 'HP' }],
    hospitals: ['Bệnh viện Hữu nghị Việt Tiệp', 'Bệnh viện Trẻ em Hải Phòng'],
    schools: [
      { name: 'Trường Tiểu học Đinh Tiên Hoàng', billing: 'monthly', min: 300_000, max: 1_200_000 },
      { name: 'Trường THPT Trần Phú', billing: 'monthly', min: 500_000, max: 1_800_000 },
    ],
    atms: ['36 Điện Biên Phủ, Hồng Bàng', '275 Lạch Tray, Ngô Quyền'],
  },
  {
    city: 'Cần Thơ',
    weight: 9,
    electricity: { name: 'Tổng công ty Điện lực miền Nam', codePrefix: 'PB' },
    water: [{ name: 'Công ty Cổ phần Cấp thoát nước Cần Thơ', codePrefix: 'CT' }],
    hospitals: ['Bệnh viện Đa khoa Trung ương Cần Thơ', 'Bệnh viện Nhi đồng Cần Thơ'],
    schools: [
      { name: 'Trường Tiểu học Lê Quý Đôn', billing: 'monthly', min: 300_000, max: 1_100_000 },
      { name: 'Trường THPT Châu Văn Liêm', billing: 'monthly', min: 450_000, max: 1_600_000 },
    ],
    atms: ['9 Phan Đình Phùng, Ninh Kiều', '100 Trần Hưng Đạo, Ninh Kiều'],
  },
];

/** A region by city name (demo customers live in fixed cities). */
export function regionOf(city: string): Region {
  const region = regions.find((candidate) => candidate.city === city);
  if (!region) throw new Error(`unknown sandbox region ${city}`);
  return region;
}
