// The VM sizes clusters may use: those aks-engine v0.32.3 accepts for Kubernetes nodes with at least 2 vCPUs
// (a subset of its allowed list), with their vCPU counts (for quotas) and Azure's quota family.

export interface VmSize {
  vcpus: number;
  /** The regional vCPU quota this size counts against (Microsoft.Compute usages name). */
  family: string;
}

function sizes(family: string, entries: Record<string, number>): Record<string, VmSize> {
  return Object.fromEntries(Object.entries(entries).map(([name, vcpus]) => [`Standard_${name}`, { vcpus, family }]));
}

export const vmSizes: Readonly<Record<string, VmSize>> = {
  ...sizes('standardAv2Family', { A2_v2: 2, A4_v2: 4, A8_v2: 8, A2m_v2: 2, A4m_v2: 4, A8m_v2: 8 }),
  ...sizes('standardBSFamily', { B2ms: 2, B4ms: 4, B8ms: 8 }),
  ...sizes('standardDv2Family', { D2_v2: 2, D3_v2: 4, D4_v2: 8, D5_v2: 16, D11_v2: 2, D12_v2: 4, D13_v2: 8, D14_v2: 16 }),
  ...sizes('standardDv3Family', { D2_v3: 2, D4_v3: 4, D8_v3: 8, D16_v3: 16, D32_v3: 32, D64_v3: 64 }),
  ...sizes('standardDSv3Family', { D2s_v3: 2, D4s_v3: 4, D8s_v3: 8, D16s_v3: 16, D32s_v3: 32, D64s_v3: 64 }),
  ...sizes('standardDSv2Family', { DS2_v2: 2, DS3_v2: 4, DS4_v2: 8, DS5_v2: 16, DS11_v2: 2, DS12_v2: 4, DS13_v2: 8, DS14_v2: 16 }),
  ...sizes('standardEv3Family', { E2_v3: 2, E4_v3: 4, E8_v3: 8, E16_v3: 16, E32_v3: 32, E64_v3: 64 }),
  ...sizes('standardESv3Family', { E2s_v3: 2, E4s_v3: 4, E8s_v3: 8, E16s_v3: 16, E32s_v3: 32, E64s_v3: 64 }),
  ...sizes('standardFFamily', { F2: 2, F4: 4, F8: 8, F16: 16 }),
  ...sizes('standardFSFamily', { F2s: 2, F4s: 4, F8s: 8, F16s: 16 }),
  ...sizes('standardFSv2Family', { F2s_v2: 2, F4s_v2: 4, F8s_v2: 8, F16s_v2: 16, F32s_v2: 32, F64s_v2: 64, F72s_v2: 72 }),
};
