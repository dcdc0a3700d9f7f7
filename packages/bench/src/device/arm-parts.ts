/**
 * Arm Ltd (implementer 0x41) MIDR part numbers, from Arm's Technical Reference Manuals (the same
 * table the Linux kernel keeps in arch/arm64/include/asm/cputype.h). ARM kernels print no CPU name,
 * so the part number is how a Cortex-A72 (Pi 4) is told from a Cortex-A76 (Pi 5).
 */
const ARM_PARTS: Record<string, string> = {
  "0xc07": "Cortex-A7",
  "0xc09": "Cortex-A9",
  "0xc0f": "Cortex-A15",
  "0xd03": "Cortex-A53",
  "0xd04": "Cortex-A35",
  "0xd05": "Cortex-A55",
  "0xd07": "Cortex-A57",
  "0xd08": "Cortex-A72",
  "0xd09": "Cortex-A73",
  "0xd0a": "Cortex-A75",
  "0xd0b": "Cortex-A76",
  "0xd0c": "Neoverse-N1",
  "0xd0d": "Cortex-A77",
  "0xd0e": "Cortex-A76AE",
  "0xd40": "Neoverse-V1",
  "0xd41": "Cortex-A78",
  "0xd42": "Cortex-A78AE",
  "0xd44": "Cortex-X1",
  "0xd46": "Cortex-A510",
  "0xd47": "Cortex-A710",
  "0xd48": "Cortex-X2",
  "0xd49": "Neoverse-N2",
  "0xd4b": "Cortex-A78C",
};

export const ARM_IMPLEMENTER = "0x41";

/** "Cortex-A53" for Arm Ltd parts; null for other implementers or unknown parts. */
export function armPartName(implementer: string | null, part: string): string | null {
  if (implementer !== ARM_IMPLEMENTER) return null;
  return ARM_PARTS[part] ?? null;
}
