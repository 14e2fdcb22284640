#!/bin/sh
# A kind cluster with a local registry, as kind's local-registry guide sets it up
# (https://kind.sigs.k8s.io/docs/user/local-registry/): the registry listens on 127.0.0.1:5001 for this machine,
# every node's containerd pulls localhost:5001/... from it over the kind network (a hosts.toml per node, which
# works with containerd 1.x and 2.x), and the cluster announces it in kube-public/local-registry-hosting (KEP-1755),
# where `npm run demo -- --cluster=kubeconfig` finds it.
#   scripts/kind-with-registry.sh [cluster-name]        (default: pipeline-demo)
# NODE_PORT=30090 also maps that NodePort to 127.0.0.1:30090 on this machine.
set -eu

cluster=${1:-pipeline-demo}
node_port=${NODE_PORT:-}
reg_name=kind-registry
reg_port=5001

# Not pinned by digest yet (issue 14): no container registry answers from the machine this is maintained on, so its
# digest could not be looked up; pin it as registry:2@sha256:<digest> (docker buildx imagetools inspect registry:2).
if [ "$(docker inspect -f '{{.State.Running}}' "$reg_name" 2>/dev/null || true)" != true ]; then
  docker run -d --restart=always -p "127.0.0.1:${reg_port}:5000" --network bridge --name "$reg_name" registry:2
fi

port_mapping=''
if [ -n "$node_port" ]; then
  port_mapping="nodes:
  - role: control-plane
    extraPortMappings:
      - { containerPort: ${node_port}, hostPort: ${node_port}, listenAddress: 127.0.0.1 }"
fi
kind create cluster --name "$cluster" --wait 120s --config=- <<YAML
kind: Cluster
apiVersion: kind.x-k8s.io/v1alpha4
containerdConfigPatches:
  - |-
    [plugins."io.containerd.grpc.v1.cri".registry]
      config_path = "/etc/containerd/certs.d"
${port_mapping}
YAML

for node in $(kind get nodes --name "$cluster"); do
  docker exec "$node" mkdir -p "/etc/containerd/certs.d/localhost:${reg_port}"
  printf '[host."http://%s:5000"]\n' "$reg_name" | docker exec -i "$node" cp /dev/stdin "/etc/containerd/certs.d/localhost:${reg_port}/hosts.toml"
done

if [ "$(docker inspect -f '{{json .NetworkSettings.Networks.kind}}' "$reg_name")" = null ]; then
  docker network connect kind "$reg_name"
fi

kubectl --context "kind-$cluster" apply -f - <<YAML
apiVersion: v1
kind: ConfigMap
metadata:
  name: local-registry-hosting
  namespace: kube-public
data:
  localRegistryHosting.v1: |
    host: "localhost:${reg_port}"
    help: "https://kind.sigs.k8s.io/docs/user/local-registry/"
YAML
