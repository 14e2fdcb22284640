/** Background cascading deletion: objects whose owner (by uid) is gone are deleted, as the garbage collector does
 * for the default propagationPolicy of apps/v1 (https://kubernetes.io/docs/concepts/architecture/garbage-collection/). */
import { resourceByKind } from '../resources.js'
import type { Store } from '../store.js'

const DEPENDENT_KINDS = ['ReplicaSet', 'ControllerRevision', 'Pod', 'Event']

export function collectGarbage(store: Store): void {
  for (const kind of DEPENDENT_KINDS) {
    const type = resourceByKind(kind)
    for (const object of store.list(type)) {
      const refs = object.metadata.ownerReferences ?? []
      if (refs.length === 0) continue
      const orphaned = refs.every((ref) => {
        let ownerType
        try {
          ownerType = resourceByKind(ref.kind)
        } catch {
          return false
        }
        return store.get(ownerType, object.metadata.namespace, ref.name)?.metadata.uid !== ref.uid
      })
      if (orphaned) store.delete(type, object.metadata.namespace, object.metadata.name!)
    }
  }
}
