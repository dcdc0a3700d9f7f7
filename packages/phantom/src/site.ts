/**
 * Scanner sites. Site "a" is the standard phantom (phantom-abdomen-v1 as every standard-v1 result was
 * measured on it). Site "b" is a second scanner a clinic adapts a model to (docs/fine-tuning.md): a
 * different calibration (HU offset and gain), a noisier protocol, a finer in-plane matrix and thicker
 * slices, with its own seeds so no case is a site-A case seen through another scanner.
 */
export type PhantomSite = "a" | "b";
export const PHANTOM_SITES: readonly PhantomSite[] = ["a", "b"];

/** How a scanner maps the phantom's true HU to stored values: hu * gain + offset, noise SD * noiseScale. */
export interface ScannerModel {
  readonly gain: number;
  readonly offsetHu: number;
  readonly noiseScale: number;
}

/**
 * Site B: +90 HU offset (a miscalibrated water reference), 25 % more contrast (another kernel and kVp),
 * 2.5 × the noise SD (a low-dose protocol: 25–38 HU), 0.7 mm pixels on a 512 matrix (358.4 mm field of
 * view) and 3 mm slices. Under a 40/400 window the enhancing organs (spleen, kidneys, aorta, IVC) then
 * all saturate at the window's top, so a site-A model loses the intensity cues between them (its DSC on
 * site B drops by ~0.05, docs/fine-tuning.md). Gain and offset are exact binary fractions/integers, so
 * the arithmetic stays IEEE-exact like the rest of the generator.
 */
export const SITE_B_SCANNER: ScannerModel = { gain: 1.25, offsetHu: 90, noiseScale: 2.5 };
export const SITE_B_GRID = { dims: [512, 512, 24], spacing: [0.7, 0.7, 3] } as const;
