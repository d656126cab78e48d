# ${{ values.name | hclString }}: one AKS cluster per region, with autoscaled GPU node
# pools. Rendered by the gpu-k8s-cluster golden path.

locals {
  name = ${{ (values.name) | hclString }}
  # Cost attribution: Azure tag names cannot hold "/", so the keys use dashes.
  cost_tags = {
    "ai-refarch-team"   = ${{ (values.team) | hclString }}
    "ai-refarch-tenant" = ${{ (values.tenant) | hclString }}
    "ai-refarch-system" = ${{ (values.system | parseEntityRef | pick('name')) | hclString }}
    "managed-by"        = "terraform"
  }
  # GPU nodes are tainted, and AKS taints spot nodes; the GPU DaemonSets run on both.
  gpu_tolerations = [
    { key = "nvidia.com/gpu", operator = "Exists", effect = "NoSchedule" },
    { key = "kubernetes.azure.com/scalesetpriority", operator = "Equal", value = "spot", effect = "NoSchedule" },
  ]
}

variable "kubernetes_version" {
  description = "Kubernetes version of every regional cluster"
  type        = string
  default     = ${{ (values.kubernetesVersion) | hclString }}
}
{% for region in values.regions %}{% set r = region | replace('-', '_') %}
# ---------------------------------------------------------------- ${{ region }}

resource "azurerm_resource_group" ${{ (r) | hclString }} {
  name     = "rg-${local.name}-${{ region }}"
  location = ${{ (region) | hclString }}
  tags     = local.cost_tags
}

resource "azurerm_kubernetes_cluster" ${{ (r) | hclString }} {
  name                      = "${local.name}-${{ region }}"
  location                  = azurerm_resource_group.${{ r }}.location
  resource_group_name       = azurerm_resource_group.${{ r }}.name
  dns_prefix                = "${local.name}-${{ region }}"
  kubernetes_version        = var.kubernetes_version
  oidc_issuer_enabled       = true
  workload_identity_enabled = true
  tags                      = local.cost_tags

  default_node_pool {
    name                 = "system"
    vm_size              = "Standard_D4s_v5"
    auto_scaling_enabled = true
    min_count            = 2
    max_count            = 5
    zones                = ["1", "2", "3"]
    node_labels = {
      "ai-refarch.io/team"   = ${{ (values.team) | hclString }}
      "ai-refarch.io/tenant" = ${{ (values.tenant) | hclString }}
    }
    tags = local.cost_tags
  }

  identity {
    type = "SystemAssigned"
  }

  network_profile {
    network_plugin     = "azure"
    network_policy     = "cilium"
    network_data_plane = "cilium"
  }
}
{% for s in values.segments %}
# The OS disk holds images, and per GPU the model servers' weights and engines
# (emptyDir). AKS reserves 20 MB of memory per possible pod, so max_pods is the
# 110 the serving golden path sizes its pods for.
resource "azurerm_kubernetes_cluster_node_pool" "${{ r }}_${{ s.name | replace('-', '_') }}" {
  # AKS node pool names: lower-case letters and digits, at most 12.
  name                  = ${{ (s.cloudName) | hclString }}
  kubernetes_cluster_id = azurerm_kubernetes_cluster.${{ r }}.id
  vm_size               = ${{ (s.instanceType) | hclString }}
  os_disk_size_gb       = ${{ s.diskGiB }}
  max_pods              = 110
  auto_scaling_enabled  = true
  min_count             = ${{ s.minNodes }}
  max_count             = ${{ s.maxNodes }}
  zones                 = ["1", "2", "3"]
  priority              = ${{ ('Spot' if s.spot else 'Regular') | hclString }}
{% if s.spot %}  eviction_policy       = "Delete"
  spot_max_price        = -1
{% endif %}  node_taints = [
    "nvidia.com/gpu=true:NoSchedule",
{% if s.spot %}    "kubernetes.azure.com/scalesetpriority=spot:NoSchedule",
{% endif %}  ]
  node_labels = {
    "ai-refarch.io/team"     = ${{ (values.team) | hclString }}
    "ai-refarch.io/tenant"   = ${{ (values.tenant) | hclString }}
    "ai-refarch.io/gpu-type" = ${{ (s.gpuType) | hclString }}
    "ai-refarch.io/capacity" = ${{ ('spot' if s.spot else 'on-demand') | hclString }}
    "ai-refarch.io/pool"     = ${{ (s.pool) | hclString }}
    # The NVIDIA device plugin chart (0.17.0) schedules only on nodes with
    # this label or NFD's NVIDIA labels (its default node affinity).
    "nvidia.com/gpu.present" = "true"
{%- if s.spot %}
    # AKS sets this label and taint on spot pools itself; azurerm asks for
    # both in the configuration, or every plan shows a change.
    # https://learn.microsoft.com/azure/aks/spot-node-pool
    "kubernetes.azure.com/scalesetpriority" = "spot"
{%- endif %}
  }
  tags = local.cost_tags
}
{% endfor %}
provider "helm" {
  alias = ${{ (r) | hclString }}
  kubernetes {
    host                   = azurerm_kubernetes_cluster.${{ r }}.kube_config[0].host
    client_certificate     = base64decode(azurerm_kubernetes_cluster.${{ r }}.kube_config[0].client_certificate)
    client_key             = base64decode(azurerm_kubernetes_cluster.${{ r }}.kube_config[0].client_key)
    cluster_ca_certificate = base64decode(azurerm_kubernetes_cluster.${{ r }}.kube_config[0].cluster_ca_certificate)
  }
}
{% if values.gpuStack == 'gpu-operator' %}
resource "helm_release" "gpu_operator_${{ r }}" {
  provider         = helm.${{ r }}
  namespace        = "gpu-operator"
  create_namespace = true
  name             = "gpu-operator"
  repository       = "https://helm.ngc.nvidia.com/nvidia"
  chart            = "gpu-operator"
  version          = "v24.9.1"
  # AKS node images come with the NVIDIA driver and container toolkit, so the
  # operator runs without its own (NVIDIA's AKS guide, GPU operator 24.9.1:
  # https://docs.nvidia.com/datacenter/cloud-native/gpu-operator/24.9.1/microsoft-aks.html).
  values = [yamlencode({
    driver   = { enabled = false }
    toolkit  = { enabled = false }
    operator = { runtimeClass = "nvidia-container-runtime" }
    daemonsets = {
      tolerations = local.gpu_tolerations
    }
    node-feature-discovery = {
      worker = { tolerations = local.gpu_tolerations }
    }
  })]
}
{% else %}
resource "helm_release" "nvidia_device_plugin_${{ r }}" {
  provider   = helm.${{ r }}
  namespace  = "kube-system"
  name       = "nvidia-device-plugin"
  repository = "https://nvidia.github.io/k8s-device-plugin"
  chart      = "nvidia-device-plugin"
  version    = "0.17.0"
  values = [yamlencode({
    tolerations = local.gpu_tolerations
  })]
}
{% endif %}
output "cluster_${{ r }}" {
  description = "The ${{ region }} cluster"
  value = {
    name = azurerm_kubernetes_cluster.${{ r }}.name
    fqdn = azurerm_kubernetes_cluster.${{ r }}.fqdn
  }
}
{% endfor %}
