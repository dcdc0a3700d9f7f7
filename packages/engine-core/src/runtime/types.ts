/**
 * The engine talks to ONNX Runtime only through this interface (onnxruntime-common's shape):
 * onnxruntime-node and onnxruntime-web (WASM) are two implementations, and a test may add a third.
 */
export type BackendName = "node" | "wasm";
export type GraphOptimizationLevel = "disabled" | "basic" | "extended" | "all";

export interface RuntimeOptions {
  /** Intra-op threads; 0 lets ONNX Runtime decide. */
  intraOpThreads: number;
  graphOptimizationLevel: GraphOptimizationLevel;
  /** Requested execution providers in order of preference; "cpu" is always the last resort. */
  executionProviders: string[];
  /** CPU memory arena: faster repeated runs, higher peak RSS. */
  memoryArena: boolean;
  /** Memory pattern planning: pre-allocates for fixed shapes, higher peak RSS. */
  memoryPattern: boolean;
}

export interface TensorData {
  readonly type: "float32" | "int64" | "int32" | "uint8" | "bool" | "float16";
  readonly data: Float32Array | BigInt64Array | Int32Array | Uint8Array | Uint16Array;
  readonly dims: readonly number[];
}

export interface GraphIO {
  name: string;
  /** Element type and shape as the graph declares them, where the runtime exposes metadata. */
  elementType: string | null;
  shape: (number | string)[] | null;
}

/** One inference call on inputs already converted for the runtime: all that a latency timer wraps. */
export type InferenceQuery = () => Promise<unknown>;

export interface Session {
  readonly inputs: GraphIO[];
  readonly outputs: GraphIO[];
  /** The execution provider that actually runs this session. */
  readonly executionProvider: string;
  /** Why each requested provider before it was skipped (empty when the first choice ran). */
  readonly fallbackReasons: readonly string[];
  run(feeds: Record<string, TensorData>): Promise<Record<string, TensorData>>;
  /** Converts the feeds once; the returned query calls the runtime's own run and nothing else. */
  prepare(feeds: Record<string, TensorData>): InferenceQuery;
  release(): Promise<void>;
}

export interface Runtime {
  readonly backend: BackendName;
  readonly version: string;
  createSession(modelPath: string, options: RuntimeOptions): Promise<Session>;
}
