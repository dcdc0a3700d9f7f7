export type DatasetSplit = "test" | "train";

export interface DatasetCase {
  readonly id: string;
  /** Absolute paths. */
  readonly imagePath: string;
  readonly labelPath: string;
}

export interface Dataset {
  /** dataset.json "name" when present, else the directory name (e.g. Dataset003_Liver). */
  readonly id: string;
  /** Absolute path of the dataset directory. */
  readonly dir: string;
  /** Which split the cases come from (the default picks "test" only when test labels exist). */
  readonly split: DatasetSplit;
  /** "msd" for the Medical Segmentation Decathlon dataset.json, "nnunetv2" for nnU-Net v2's. */
  readonly format: "msd" | "nnunetv2";
  /** Label value → name as dataset.json spells it (background included). */
  readonly labels: Map<number, string>;
  /** Sorted by id. */
  readonly cases: readonly DatasetCase[];
  /** Content hash over dataset.json and every case file of this split (see hash.ts). */
  sha256(): Promise<string>;
}

export interface LoadDatasetOptions {
  readonly split?: DatasetSplit;
}
