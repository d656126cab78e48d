# ${{ values.name | hclString }}: one regional GKE cluster per region, with autoscaled GPU
# node pools. Rendered by the gpu-k8s-cluster golden path.

locals {
  name    = ${{ (values.name) | hclString }}
  project = ${{ (values.project) | hclString }}
  # Cost attribution: GCP label keys allow lower-case letters, digits, - and _.
  cost_labels = {
    "ai-refarch-team"   = ${{ (values.team) | hclString }}
    "ai-refarch-tenant" = ${{ (values.tenant) | hclString }}
    "ai-refarch-system" = ${{ (values.system | parseEntityRef | pick('name')) | hclString }}
    "managed-by"        = "terraform"
  }
}

variable "kubernetes_version" {
  description = "Minimum Kubernetes version of every regional cluster"
  type        = string
  default     = ${{ (values.kubernetesVersion) | hclString }}
}

data "google_client_config" "current" {}
{% for region in values.regions %}{% set r = region | replace('-', '_') %}
# ---------------------------------------------------------------- ${{ region }}

resource "google_container_cluster" ${{ (r) | hclString }} {
  project  = local.project
  name     = "${local.name}-${{ region }}"
  location = ${{ (region) | hclString }}

  min_master_version       = var.kubernetes_version
  remove_default_node_pool = true
  initial_node_count       = 1
  deletion_protection      = true
  resource_labels          = local.cost_labels

  release_channel {
    channel = "REGULAR"
  }
  workload_identity_config {
    workload_pool = "${local.project}.svc.id.goog"
  }
  private_cluster_config {
    enable_private_nodes    = true
    enable_private_endpoint = false
    master_ipv4_cidr_block  = "172.16.${{ loop.index0 }}.0/28"
  }
  ip_allocation_policy {}
  # GPU metrics (DCGM) in Cloud Monitoring and for the cost cards.
  monitoring_config {
    enable_components = ["SYSTEM_COMPONENTS", "DCGM"]
    managed_prometheus {
      enabled = true
    }
  }
}

resource "google_container_node_pool" "${{ r }}_system" {
  project            = local.project
  name               = "system"
  cluster            = google_container_cluster.${{ r }}.id
  location           = ${{ (region) | hclString }}
  initial_node_count = 1
  autoscaling {
    total_min_node_count = 1
    total_max_node_count = 6
  }
  node_config {
    machine_type    = "e2-standard-4"
    resource_labels = local.cost_labels
    labels = {
      "ai-refarch.io/team"   = ${{ (values.team) | hclString }}
      "ai-refarch.io/tenant" = ${{ (values.tenant) | hclString }}
    }
  }
}
{% for s in values.segments %}
resource "google_container_node_pool" "${{ r }}_${{ s.name | replace('-', '_') }}" {
  project  = local.project
  name     = ${{ (s.name) | hclString }}
  cluster  = google_container_cluster.${{ r }}.id
  location = ${{ (region) | hclString }}

  autoscaling {
    total_min_node_count = ${{ s.minNodes }}
    total_max_node_count = ${{ s.maxNodes }}
    location_policy      = ${{ ('ANY' if s.spot else 'BALANCED') | hclString }}
  }
  management {
    auto_repair  = true
    auto_upgrade = true
  }
{%- if values.gpuStack == 'gpu-operator' %}
  # NVIDIA's GKE guide (GPU operator 24.9.1, "NVIDIA Driver Manager"): the
  # operator's driver container runs on Ubuntu node images only.
  # https://docs.nvidia.com/datacenter/cloud-native/gpu-operator/24.9.1/google-gke.html
{%- endif %}
  node_config {
    # The disk holds images, and per GPU the model servers' weights and engines (emptyDir).
    machine_type    = ${{ (s.instanceType) | hclString }}
    spot            = ${{ 'true' if s.spot else 'false' }}
    disk_size_gb    = ${{ s.diskGiB }}
    disk_type       = "pd-balanced"
{%- if values.gpuStack == 'gpu-operator' %}
    image_type      = "UBUNTU_CONTAINERD"
{%- endif %}
    resource_labels = local.cost_labels
    labels = {
      "ai-refarch.io/team"     = ${{ (values.team) | hclString }}
      "ai-refarch.io/tenant"   = ${{ (values.tenant) | hclString }}
      "ai-refarch.io/gpu-type" = ${{ (s.gpuType) | hclString }}
      "ai-refarch.io/capacity" = ${{ ('spot' if s.spot else 'on-demand') | hclString }}
      "ai-refarch.io/pool"     = ${{ (s.pool) | hclString }}
{%- if values.gpuStack == 'gpu-operator' %}
      # Turns off GKE's own device plugin DaemonSet on these nodes (same guide).
      "gke-no-default-nvidia-gpu-device-plugin" = "true"
{%- endif %}
    }
    guest_accelerator {
      type  = ${{ (s.acceleratorType) | hclString }}
      count = ${{ s.gpusPerNode }}
      gpu_driver_installation_config {
        # With the GPU operator GKE installs no driver (the operator does);
        # otherwise GKE installs the default driver of the node image.
        gpu_driver_version = ${{ ('INSTALLATION_DISABLED' if values.gpuStack == 'gpu-operator' else 'DEFAULT') | hclString }}
      }
    }
    taint {
      key    = "nvidia.com/gpu"
      value  = "true"
      effect = "NO_SCHEDULE"
    }
    oauth_scopes = ["https://www.googleapis.com/auth/cloud-platform"]
  }
}
{% endfor %}{% if values.gpuStack == 'gpu-operator' %}
provider "helm" {
  alias = ${{ (r) | hclString }}
  kubernetes {
    host                   = "https://${google_container_cluster.${{ r }}.endpoint}"
    token                  = data.google_client_config.current.access_token
    cluster_ca_certificate = base64decode(google_container_cluster.${{ r }}.master_auth[0].cluster_ca_certificate)
  }
}

provider "kubernetes" {
  alias                  = ${{ (r) | hclString }}
  host                   = "https://${google_container_cluster.${{ r }}.endpoint}"
  token                  = data.google_client_config.current.access_token
  cluster_ca_certificate = base64decode(google_container_cluster.${{ r }}.master_auth[0].cluster_ca_certificate)
}

resource "kubernetes_namespace_v1" "gpu_operator_${{ r }}" {
  provider = kubernetes.${{ r }}
  metadata {
    name = "gpu-operator"
  }
}

# GKE admits pods of the system-node-critical and system-cluster-critical
# priority classes, which the operator's DaemonSets use, outside kube-system
# only under a matching quota; this is NVIDIA's gpu-operator-quota for GKE.
resource "kubernetes_resource_quota_v1" "gpu_operator_${{ r }}" {
  provider = kubernetes.${{ r }}
  metadata {
    name      = "gpu-operator-quota"
    namespace = kubernetes_namespace_v1.gpu_operator_${{ r }}.metadata[0].name
  }
  spec {
    hard = {
      pods = "100"
    }
    scope_selector {
      match_expression {
        scope_name = "PriorityClass"
        operator   = "In"
        values     = ["system-node-critical", "system-cluster-critical"]
      }
    }
  }
}

resource "helm_release" "gpu_operator_${{ r }}" {
  provider   = helm.${{ r }}
  namespace  = kubernetes_resource_quota_v1.gpu_operator_${{ r }}.metadata[0].namespace
  name       = "gpu-operator"
  repository = "https://helm.ngc.nvidia.com/nvidia"
  chart      = "gpu-operator"
  version    = "v24.9.1"
  # The operator installs the driver and the container toolkit on the Ubuntu
  # nodes with the chart's own paths, as NVIDIA's GKE guide does (the
  # /home/kubernetes/bin/nvidia paths belong to GKE's driver installer).
  values = [yamlencode({
    daemonsets = {
      tolerations = [{ key = "nvidia.com/gpu", operator = "Exists", effect = "NoSchedule" }]
    }
  })]
}
{% endif %}
output "cluster_${{ r }}" {
  description = "The ${{ region }} cluster"
  value = {
    name     = google_container_cluster.${{ r }}.name
    endpoint = google_container_cluster.${{ r }}.endpoint
  }
}
{% endfor %}
