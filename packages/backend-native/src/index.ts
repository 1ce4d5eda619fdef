// @pyro-ts/backend-native: importing this package registers the `native`
// TensorBackend with @pyro-ts/backend (then `await useBackend('native')`).
import { registerTensorBackend } from '@pyro-ts/backend';
import { nativeBackend } from './native-tensor-backend.js';

registerTensorBackend(nativeBackend);

export { nativeBackend, configureNative, registerNative, nativeKernels, nativeInfo, nativeMemory, chosenDevice, type NativeOptions } from './native-tensor-backend.js';
export { NativeBackend, type NativeTensorData } from './native-backend.js';
export { loadAddon, type NativeAddon, type NativeInfo, type NativeMemoryStats, type AddonState } from './addon.js';
