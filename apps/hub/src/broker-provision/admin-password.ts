import { readFile } from "node:fs/promises";
import { AppError } from "@edgeseg/protocol";
import type { HubConfig } from "../config/schema.ts";

/** The dynsec admin password: EDGESEG_BROKER_ADMIN_PASSWORD, or the file's first line. */
export async function brokerAdminPassword(config: HubConfig): Promise<string> {
  if (config.brokerAdminPassword !== undefined) return config.brokerAdminPassword;
  const file = config.brokerAdminPasswordFile!;
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    throw new AppError(
      "USAGE",
      `--broker-admin-password-file ${file}: cannot read it (${(error as NodeJS.ErrnoException).code ?? error}); give a file holding the password on its first line`,
    );
  }
  const password = text.split(/\r?\n/, 1)[0] ?? "";
  if (password === "") {
    throw new AppError(
      "USAGE",
      `--broker-admin-password-file ${file}: its first line is empty; write the broker admin's password there`,
    );
  }
  return password;
}
