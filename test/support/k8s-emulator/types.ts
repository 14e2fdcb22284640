/** Wire-format Kubernetes objects as the emulator stores them: plain JSON, timestamps as RFC 3339 strings. */

// The emulator handles arbitrary API objects (including custom resources), so nested fields are loosely typed.
export type Loose = any

export interface OwnerReference {
  apiVersion: string
  kind: string
  name: string
  uid: string
  controller?: boolean
  blockOwnerDeletion?: boolean
}

export interface ObjectMeta {
  name?: string
  generateName?: string
  namespace?: string
  uid?: string
  resourceVersion?: string
  generation?: number
  creationTimestamp?: string
  deletionTimestamp?: string
  labels?: Record<string, string>
  annotations?: Record<string, string>
  ownerReferences?: OwnerReference[]
  finalizers?: string[]
  [key: string]: unknown
}

export interface KObject {
  apiVersion?: string
  kind?: string
  metadata: ObjectMeta
  spec?: Loose
  status?: Loose
  [key: string]: Loose
}

/** How pods running an image behave, declared by the test. */
export interface ImageBehaviour {
  /** Time from pod creation until the container runs (default 200 ms). */
  startAfterMs?: number
  /** Time from pod creation until the container is Ready (default 1000 ms; never for pull/config failures; for
   * CrashLoopBackOff, time from each container start, and only when shorter than crashAfterMs). */
  readyAfterMs?: number
  /** A terminal-looking state the kubelet reports for this image. */
  failure?: 'ImagePullBackOff' | 'ErrImagePull' | 'CrashLoopBackOff' | 'CreateContainerConfigError'
  /** Time from pod creation until a pull/config failure shows (default 1000 ms). */
  failAfterMs?: number
  /** How long a crash-looping container runs before it exits (default 1000 ms). */
  crashAfterMs?: number
  /** Exit code of a crashing container (default 1). */
  exitCode?: number
  /** Message of the waiting state (defaults mimic the kubelet's). */
  message?: string
  /** Lines the container writes; pods/log returns them. */
  logs?: string[]
}
