// The few WebGPU shapes this package touches, declared structurally so that
// its public types need no @webgpu/types.

export interface GpuAdapterInfoLike {
  vendor?: string;
  architecture?: string;
  device?: string;
  description?: string;
}

export interface GpuAdapterLike {
  readonly features: ReadonlySet<string>;
  readonly limits: Record<string, number> | object;
  readonly info?: GpuAdapterInfoLike;
  /** 'core' or 'compatibility' where the implementation reports it. */
  readonly featureLevel?: string;
  requestDevice(descriptor?: Record<string, unknown>): Promise<unknown>;
}

export interface GpuLike {
  requestAdapter(options?: Record<string, unknown>): Promise<GpuAdapterLike | null>;
}
