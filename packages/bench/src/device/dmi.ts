import { readText } from "./read-text.ts";

/** Firmware placeholders that vendors leave in DMI fields; they name nothing. */
const PLACEHOLDER =
  /^(to be filled by o\.?e\.?m\.?|system product name|system version|default string|not applicable|none|n\/a|0+|x+|\s*)$/i;

function field(root: string, name: string): string | null {
  const value = readText(root, `sys/class/dmi/id/${name}`)?.trim() ?? null;
  return value && !PLACEHOLDER.test(value) ? value : null;
}

/**
 * A readable machine name from SMBIOS/DMI (x86): "Dell Inc. OptiPlex 7090". Lenovo puts a part number
 * in product_name ("4290W1B") and the model in product_version ("ThinkPad X220"), so both are kept.
 */
export function readDmiModel(root: string): string | null {
  const vendor = field(root, "sys_vendor");
  const product = field(root, "product_name");
  const version = field(root, "product_version");
  if (!product && !version) return null;
  const lenovoStyle = version && /[a-z]/i.test(version) && product && !/[a-z]{3}/i.test(product);
  const name = lenovoStyle ? `${version} (${product})` : (product ?? version!);
  return vendor && !name.toLowerCase().includes(vendor.toLowerCase()) ? `${vendor} ${name}` : name;
}
