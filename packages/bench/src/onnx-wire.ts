export * from "@edgeseg/engine-core/onnx-wire";
