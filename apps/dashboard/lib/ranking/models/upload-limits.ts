import { AppError } from "@edgeseg/protocol";

/** How much one model upload may carry. A 200 MB ONNX file covers the LiteMedSAM-sized models edgeseg targets. */
export interface UploadLimits {
  /** All files together, bytes. */
  maxBytes: number;
  /** ONNX files (a promptable model has two) plus the manifest. */
  maxFiles: number;
  /** A pasted manifest, bytes. */
  maxManifestBytes: number;
}

export const DEFAULT_UPLOAD_LIMITS: UploadLimits = {
  maxBytes: 200 * 1024 * 1024,
  maxFiles: 8,
  maxManifestBytes: 1024 * 1024,
};

/** Refused for its size: HTTP 413 Content Too Large (RFC 9110 §15.5.14) rather than INPUT's 422. */
export class UploadTooLargeError extends AppError {
  constructor(message: string) {
    super("INPUT", message);
  }

  override get httpStatus(): number {
    return 413;
  }
}

export function megabytes(bytes: number): string {
  return `${Math.round(bytes / (1024 * 1024))} MB`;
}
