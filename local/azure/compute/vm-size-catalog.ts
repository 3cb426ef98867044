// The virtual machine sizes the emulator's Compute offers: every size aks-engine v0.32.3 allows for Kubernetes
// nodes, with Azure's vCPUs, memory and quota family. Constrained-vCPU sizes (DS11-1_v2, E8-2s_v3, ...) count
// their full vCPUs against quota and list fewer as vCPUsAvailable, as Azure does.

export interface VmSizeSpec {
  /** "Standard_D2_v3" */
  name: string;
  /** Azure's quota family, e.g. "standardDv3Family" (the usages name). */
  family: string;
  vCPUs: number;
  /** vCPUs the guest sees (lower for constrained-vCPU sizes). */
  vCPUsAvailable: number;
  memoryGB: number;
  /** Premium storage capable ("s" sizes). */
  premiumIO: boolean;
  /** Hyper-threaded families report 2 vCPUs per core. */
  vCPUsPerCore: number;
}

type Row = [size: string, vCPUs: number, memoryGB: number, available?: number];

/** One family's sizes (without "Standard_"). */
function family(name: string, rows: Row[], options: { premium?: boolean; perCore?: number } = {}): VmSizeSpec[] {
  return rows.map(([size, vCPUs, memoryGB, available]) => ({
    name: `Standard_${size}`,
    family: name,
    vCPUs,
    vCPUsAvailable: available ?? vCPUs,
    memoryGB,
    premiumIO: options.premium ?? false,
    vCPUsPerCore: options.perCore ?? 1,
  }));
}

const sizes: VmSizeSpec[] = [
  ...family('standardA0_A7Family', [
    ['A0', 1, 0.75],
    ['A1', 1, 1.75],
    ['A2', 2, 3.5],
    ['A3', 4, 7],
    ['A4', 8, 14],
    ['A5', 2, 14],
    ['A6', 4, 28],
    ['A7', 8, 56],
  ]),
  ...family('standardA8_A11Family', [
    ['A8', 8, 56],
    ['A9', 16, 112],
    ['A10', 8, 56],
    ['A11', 16, 112],
  ]),
  ...family('standardAv2Family', [
    ['A1_v2', 1, 2],
    ['A2_v2', 2, 4],
    ['A4_v2', 4, 8],
    ['A8_v2', 8, 16],
    ['A2m_v2', 2, 16],
    ['A4m_v2', 4, 32],
    ['A8m_v2', 8, 64],
  ]),
  ...family(
    'standardBSFamily',
    [
      ['B1s', 1, 1],
      ['B1ms', 1, 2],
      ['B2s', 2, 4],
      ['B2ms', 2, 8],
      ['B4ms', 4, 16],
      ['B8ms', 8, 32],
    ],
    { premium: true },
  ),
  ...family('standardDFamily', [
    ['D1', 1, 3.5],
    ['D2', 2, 7],
    ['D3', 4, 14],
    ['D4', 8, 28],
    ['D11', 2, 14],
    ['D12', 4, 28],
    ['D13', 8, 56],
    ['D14', 16, 112],
  ]),
  ...family(
    'standardDSFamily',
    [
      ['DS1', 1, 3.5],
      ['DS2', 2, 7],
      ['DS3', 4, 14],
      ['DS4', 8, 28],
      ['DS11', 2, 14],
      ['DS12', 4, 28],
      ['DS13', 8, 56],
      ['DS14', 16, 112],
    ],
    { premium: true },
  ),
  ...family('standardDv2Family', [
    ['D1_v2', 1, 3.5],
    ['D2_v2', 2, 7],
    ['D3_v2', 4, 14],
    ['D4_v2', 8, 28],
    ['D5_v2', 16, 56],
    ['D11_v2', 2, 14],
    ['D12_v2', 4, 28],
    ['D13_v2', 8, 56],
    ['D14_v2', 16, 112],
    ['D15_v2', 20, 140],
  ]),
  ...family('standardDv2PromoFamily', [
    ['D2_v2_Promo', 2, 7],
    ['D3_v2_Promo', 4, 14],
    ['D4_v2_Promo', 8, 28],
    ['D5_v2_Promo', 16, 56],
    ['D11_v2_Promo', 2, 14],
    ['D12_v2_Promo', 4, 28],
    ['D13_v2_Promo', 8, 56],
    ['D14_v2_Promo', 16, 112],
  ]),
  ...family(
    'standardDSv2Family',
    [
      ['DS1_v2', 1, 3.5],
      ['DS2_v2', 2, 7],
      ['DS3_v2', 4, 14],
      ['DS4_v2', 8, 28],
      ['DS5_v2', 16, 56],
      ['DS11_v2', 2, 14],
      ['DS12_v2', 4, 28],
      ['DS13_v2', 8, 56],
      ['DS14_v2', 16, 112],
      ['DS15_v2', 20, 140],
      ['DS11-1_v2', 2, 14, 1],
      ['DS12-1_v2', 4, 28, 1],
      ['DS12-2_v2', 4, 28, 2],
      ['DS13-2_v2', 8, 56, 2],
      ['DS13-4_v2', 8, 56, 4],
      ['DS14-4_v2', 16, 112, 4],
      ['DS14-8_v2', 16, 112, 8],
    ],
    { premium: true },
  ),
  ...family(
    'standardDSv2PromoFamily',
    [
      ['DS2_v2_Promo', 2, 7],
      ['DS3_v2_Promo', 4, 14],
      ['DS4_v2_Promo', 8, 28],
      ['DS5_v2_Promo', 16, 56],
      ['DS11_v2_Promo', 2, 14],
      ['DS12_v2_Promo', 4, 28],
      ['DS13_v2_Promo', 8, 56],
      ['DS14_v2_Promo', 16, 112],
    ],
    { premium: true },
  ),
  ...family(
    'standardDv3Family',
    [
      ['D2_v3', 2, 8],
      ['D4_v3', 4, 16],
      ['D8_v3', 8, 32],
      ['D16_v3', 16, 64],
      ['D32_v3', 32, 128],
      ['D64_v3', 64, 256],
    ],
    { perCore: 2 },
  ),
  ...family(
    'standardDSv3Family',
    [
      ['D2s_v3', 2, 8],
      ['D4s_v3', 4, 16],
      ['D8s_v3', 8, 32],
      ['D16s_v3', 16, 64],
      ['D32s_v3', 32, 128],
      ['D64s_v3', 64, 256],
    ],
    { premium: true, perCore: 2 },
  ),
  ...family(
    'standardEv3Family',
    [
      ['E2_v3', 2, 16],
      ['E4_v3', 4, 32],
      ['E8_v3', 8, 64],
      ['E16_v3', 16, 128],
      ['E32_v3', 32, 256],
      ['E20_v3', 20, 160],
      ['E64_v3', 64, 432],
      ['E64i_v3', 64, 432],
    ],
    { perCore: 2 },
  ),
  ...family(
    'standardESv3Family',
    [
      ['E2s_v3', 2, 16],
      ['E4s_v3', 4, 32],
      ['E8s_v3', 8, 64],
      ['E16s_v3', 16, 128],
      ['E32s_v3', 32, 256],
      ['E20s_v3', 20, 160],
      ['E64s_v3', 64, 432],
      ['E64is_v3', 64, 432],
      ['E4-2s_v3', 4, 32, 2],
      ['E8-2s_v3', 8, 64, 2],
      ['E8-4s_v3', 8, 64, 4],
      ['E16-4s_v3', 16, 128, 4],
      ['E16-8s_v3', 16, 128, 8],
      ['E32-8s_v3', 32, 256, 8],
      ['E32-16s_v3', 32, 256, 16],
      ['E64-16s_v3', 64, 432, 16],
      ['E64-32s_v3', 64, 432, 32],
    ],
    { premium: true, perCore: 2 },
  ),
  ...family('standardFFamily', [
    ['F1', 1, 2],
    ['F2', 2, 4],
    ['F4', 4, 8],
    ['F8', 8, 16],
    ['F16', 16, 32],
  ]),
  ...family(
    'standardFSFamily',
    [
      ['F1s', 1, 2],
      ['F2s', 2, 4],
      ['F4s', 4, 8],
      ['F8s', 8, 16],
      ['F16s', 16, 32],
    ],
    { premium: true },
  ),
  ...family(
    'standardFSv2Family',
    [
      ['F2s_v2', 2, 4],
      ['F4s_v2', 4, 8],
      ['F8s_v2', 8, 16],
      ['F16s_v2', 16, 32],
      ['F32s_v2', 32, 64],
      ['F64s_v2', 64, 128],
      ['F72s_v2', 72, 144],
    ],
    { premium: true, perCore: 2 },
  ),
  ...family('standardGFamily', [
    ['G1', 2, 28],
    ['G2', 4, 56],
    ['G3', 8, 112],
    ['G4', 16, 224],
    ['G5', 32, 448],
  ]),
  ...family(
    'standardGSFamily',
    [
      ['GS1', 2, 28],
      ['GS2', 4, 56],
      ['GS3', 8, 112],
      ['GS4', 16, 224],
      ['GS5', 32, 448],
      ['GS4-4', 16, 224, 4],
      ['GS4-8', 16, 224, 8],
      ['GS5-8', 32, 448, 8],
      ['GS5-16', 32, 448, 16],
    ],
    { premium: true },
  ),
  ...family('standardHFamily', [
    ['H8', 8, 56],
    ['H16', 16, 112],
    ['H8m', 8, 112],
    ['H16m', 16, 224],
    ['H16r', 16, 112],
    ['H16mr', 16, 224],
  ]),
  ...family('standardHPromoFamily', [
    ['H8_Promo', 8, 56],
    ['H16_Promo', 16, 112],
    ['H8m_Promo', 8, 112],
    ['H16m_Promo', 16, 224],
    ['H16r_Promo', 16, 112],
    ['H16mr_Promo', 16, 224],
  ]),
  ...family(
    'standardLSFamily',
    [
      ['L4s', 4, 32],
      ['L8s', 8, 64],
      ['L16s', 16, 128],
      ['L32s', 32, 256],
    ],
    { premium: true },
  ),
  ...family(
    'standardLSv2Family',
    [
      ['L8s_v2', 8, 64],
      ['L16s_v2', 16, 128],
      ['L32s_v2', 32, 256],
      ['L64s_v2', 64, 512],
      ['L80s_v2', 80, 640],
    ],
    { premium: true, perCore: 2 },
  ),
  ...family(
    'standardMSFamily',
    [
      ['M8ms', 8, 218.75],
      ['M16ms', 16, 437.5],
      ['M32ls', 32, 256],
      ['M32ts', 32, 192],
      ['M32ms', 32, 875],
      ['M64ls', 64, 512],
      ['M64', 64, 1024],
      ['M64s', 64, 1024],
      ['M64m', 64, 1792],
      ['M64ms', 64, 1792],
      ['M128', 128, 2048],
      ['M128s', 128, 2048],
      ['M128m', 128, 3892],
      ['M128ms', 128, 3892],
      ['M8-2ms', 8, 218.75, 2],
      ['M8-4ms', 8, 218.75, 4],
      ['M16-4ms', 16, 437.5, 4],
      ['M16-8ms', 16, 437.5, 8],
      ['M32-8ms', 32, 875, 8],
      ['M32-16ms', 32, 875, 16],
      ['M64-16ms', 64, 1792, 16],
      ['M64-32ms', 64, 1792, 32],
      ['M128-32ms', 128, 3892, 32],
      ['M128-64ms', 128, 3892, 64],
    ],
    { premium: true, perCore: 2 },
  ),
  ...family('standardNCFamily', [
    ['NC6', 6, 56],
    ['NC12', 12, 112],
    ['NC24', 24, 224],
    ['NC24r', 24, 224],
  ]),
  ...family('standardNCPromoFamily', [
    ['NC6_Promo', 6, 56],
    ['NC12_Promo', 12, 112],
    ['NC24_Promo', 24, 224],
    ['NC24r_Promo', 24, 224],
  ]),
  ...family(
    'standardNCSv2Family',
    [
      ['NC6s_v2', 6, 112],
      ['NC12s_v2', 12, 224],
      ['NC24s_v2', 24, 448],
      ['NC24rs_v2', 24, 448],
    ],
    { premium: true },
  ),
  ...family(
    'standardNCSv3Family',
    [
      ['NC6s_v3', 6, 112],
      ['NC12s_v3', 12, 224],
      ['NC24s_v3', 24, 448],
      ['NC24rs_v3', 24, 448],
    ],
    { premium: true },
  ),
  ...family(
    'standardNDSFamily',
    [
      ['ND6s', 6, 112],
      ['ND12s', 12, 224],
      ['ND24s', 24, 448],
      ['ND24rs', 24, 448],
    ],
    { premium: true },
  ),
  ...family('standardNVFamily', [
    ['NV6', 6, 56],
    ['NV12', 12, 112],
    ['NV24', 24, 224],
  ]),
  ...family(
    'standardNVSv2Family',
    [
      ['NV6s_v2', 6, 112],
      ['NV12s_v2', 12, 224],
      ['NV24s_v2', 24, 448],
    ],
    { premium: true },
  ),
  ...family(
    'standardPBSFamily',
    [
      ['PB6s', 6, 112],
      ['PB12s', 12, 224],
      ['PB24s', 24, 448],
    ],
    { premium: true },
  ),
  ...family('standardNVPromoFamily', [
    ['NV6_Promo', 6, 56],
    ['NV12_Promo', 12, 112],
    ['NV24_Promo', 24, 224],
  ]),
  ...family(
    'standardDCSFamily',
    [
      ['DC2s', 2, 8],
      ['DC4s', 4, 16],
    ],
    { premium: true },
  ),
];

const bySize = new Map(sizes.map((spec) => [spec.name.toLowerCase(), spec]));

export function allVmSizes(): readonly VmSizeSpec[] {
  return sizes;
}

/** A size by name, any case ("standard_d2_v3"). */
export function vmSize(name: string): VmSizeSpec | undefined {
  return bySize.get(name.toLowerCase());
}

/** The quota families, in catalog order. */
export function quotaFamilies(): string[] {
  return [...new Set(sizes.map((spec) => spec.family))];
}

/** "standardDv3Family" → "Standard Dv3 Family vCPUs", as usages' localizedValue reads. */
export function familyDisplayName(family: string): string {
  const middle = family.replace(/^standard/, '').replace(/Family$/, '');
  return `Standard ${middle} Family vCPUs`;
}
