# ${{ values.name | hclString }}: one EKS cluster per region with GPU capacity from EKS
# managed node groups (the minimum of each pool) and Karpenter (the room above
# it). Rendered by the gpu-k8s-cluster golden path.

locals {
  name = ${{ (values.name) | hclString }}
  # Cost attribution on every AWS resource, through each provider's default_tags.
  cost_tags = {
    "ai-refarch.io/team"   = ${{ (values.team) | hclString }}
    "ai-refarch.io/tenant" = ${{ (values.tenant) | hclString }}
    "ai-refarch.io/system" = ${{ (values.system | parseEntityRef | pick('name')) | hclString }}
    "managed-by"           = "terraform"
  }
  gpu_taint = {
    key    = "nvidia.com/gpu"
    value  = "true"
    effect = "NO_SCHEDULE"
  }
}

# The Karpenter node role is global (IAM), shared by every region's cluster,
# so one kubernetes/karpenter.yaml fits them all.
resource "aws_iam_role" "karpenter_node" {
  provider = aws.${{ values.regions[0] | replace('-', '_') }}
  name     = "${local.name}-karpenter-node"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "ec2.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
}

resource "aws_iam_role_policy_attachment" "karpenter_node" {
  provider = aws.${{ values.regions[0] | replace('-', '_') }}
  for_each = toset([
    "arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy",
    "arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy",
    "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly",
    "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore",
  ])
  role       = aws_iam_role.karpenter_node.name
  policy_arn = each.value
}
{% for region in values.regions %}{% set r = region | replace('-', '_') %}
# ---------------------------------------------------------------- ${{ region }}

provider "aws" {
  alias  = ${{ (r) | hclString }}
  region = ${{ (region) | hclString }}
  default_tags {
    tags = local.cost_tags
  }
}

data "aws_availability_zones" ${{ (r) | hclString }} {
  provider = aws.${{ r }}
  state    = "available"
}

module "vpc_${{ r }}" {
  source    = "terraform-aws-modules/vpc/aws"
  version   = "~> 5.16"
  providers = { aws = aws.${{ r }} }

  name            = "${local.name}-${{ region }}"
  cidr            = var.vpc_cidr
  azs             = slice(data.aws_availability_zones.${{ r }}.names, 0, 3)
  private_subnets = [for i in range(3) : cidrsubnet(var.vpc_cidr, 4, i)]
  public_subnets  = [for i in range(3) : cidrsubnet(var.vpc_cidr, 8, 48 + i)]

  enable_nat_gateway = true
  single_nat_gateway = false

  private_subnet_tags = {
    "karpenter.sh/discovery"          = local.name
    "kubernetes.io/role/internal-elb" = "1"
  }
  public_subnet_tags = {
    "kubernetes.io/role/elb" = "1"
  }
}

module "eks_${{ r }}" {
  source    = "terraform-aws-modules/eks/aws"
  version   = "~> 20.31"
  providers = { aws = aws.${{ r }} }

  # The same apply installs Helm releases, so the API must be reachable from
  # where Terraform runs: public, limited to var.api_access_cidrs (the module
  # v20 defaults to a private endpoint; with only that, the first apply from a
  # laptop or CI fails at the releases).
  cluster_name                             = "${local.name}-${{ region }}"
  cluster_version                          = var.kubernetes_version
  cluster_endpoint_public_access           = true
  cluster_endpoint_public_access_cidrs     = var.api_access_cidrs
  enable_cluster_creator_admin_permissions = true
  vpc_id                                   = module.vpc_${{ r }}.vpc_id
  subnet_ids                               = module.vpc_${{ r }}.private_subnets

  cluster_addons = {
    coredns                = {}
    kube-proxy             = {}
    vpc-cni                = {}
    eks-pod-identity-agent = {}
  }

  eks_managed_node_groups = {
    system = {
      instance_types = ["m6i.xlarge"]
      min_size       = 2
      max_size       = 4
      desired_size   = 2
      labels = {
        "ai-refarch.io/team"   = ${{ (values.team) | hclString }}
        "ai-refarch.io/tenant" = ${{ (values.tenant) | hclString }}
      }
    }
{% for s in values.segments %}{% if s.minNodes > 0 %}
    ${{ s.name | replace('-', '_') }} = {
      ami_type       = "AL2023_x86_64_NVIDIA"
      instance_types = [${{ (s.instanceType) | hclString }}]
      capacity_type  = ${{ ('SPOT' if s.spot else 'ON_DEMAND') | hclString }}
      min_size       = ${{ s.minNodes }}
      max_size       = ${{ s.minNodes }}
      desired_size   = ${{ s.minNodes }}
      labels = {
        "ai-refarch.io/team"     = ${{ (values.team) | hclString }}
        "ai-refarch.io/tenant"   = ${{ (values.tenant) | hclString }}
        "ai-refarch.io/gpu-type" = ${{ (s.gpuType) | hclString }}
        "ai-refarch.io/capacity" = ${{ ('spot' if s.spot else 'on-demand') | hclString }}
        "ai-refarch.io/pool"     = ${{ (s.pool) | hclString }}
        # The device plugin chart's node affinity (0.17.0) needs it.
        "nvidia.com/gpu.present" = "true"
      }
      taints = { gpu = local.gpu_taint }
      # The module uses a launch template, which ignores disk_size: the root
      # volume holds the images and the model servers' weights (emptyDir).
      block_device_mappings = {
        xvda = {
          device_name = "/dev/xvda"
          ebs = {
            volume_size           = ${{ s.diskGiB }}
            volume_type           = "gp3"
            encrypted             = true
            delete_on_termination = true
          }
        }
      }
    }
{% endif %}{% endfor %}
  }

  node_security_group_tags = {
    "karpenter.sh/discovery" = local.name
  }
}

module "karpenter_${{ r }}" {
  source    = "terraform-aws-modules/eks/aws//modules/karpenter"
  version   = "~> 20.31"
  providers = { aws = aws.${{ r }} }

  cluster_name                    = module.eks_${{ r }}.cluster_name
  enable_v1_permissions           = true
  enable_pod_identity             = true
  create_pod_identity_association = true
  create_node_iam_role            = false
  node_iam_role_arn               = aws_iam_role.karpenter_node.arn
  queue_name                      = "${local.name}-${{ region }}-karpenter"
}

provider "helm" {
  alias = ${{ (r) | hclString }}
  kubernetes {
    host                   = module.eks_${{ r }}.cluster_endpoint
    cluster_ca_certificate = base64decode(module.eks_${{ r }}.cluster_certificate_authority_data)
    exec {
      api_version = "client.authentication.k8s.io/v1beta1"
      command     = "aws"
      args        = ["eks", "get-token", "--cluster-name", module.eks_${{ r }}.cluster_name, "--region", ${{ (region) | hclString }}]
    }
  }
}

resource "helm_release" "karpenter_${{ r }}" {
  provider   = helm.${{ r }}
  namespace  = "kube-system"
  name       = "karpenter"
  repository = "oci://public.ecr.aws/karpenter"
  chart      = "karpenter"
  version    = "1.1.1"
  wait       = true
  values = [yamlencode({
    settings = {
      clusterName       = module.eks_${{ r }}.cluster_name
      clusterEndpoint   = module.eks_${{ r }}.cluster_endpoint
      interruptionQueue = module.karpenter_${{ r }}.queue_name
    }
  })]
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
  values = [yamlencode({
    # The EKS AL2023 NVIDIA AMI ships the driver and the container toolkit.
    driver  = { enabled = false }
    toolkit = { enabled = false }
    dcgmExporter = {
      serviceMonitor = { enabled = true }
    }
    daemonsets = {
      tolerations = [{ key = "nvidia.com/gpu", operator = "Exists", effect = "NoSchedule" }]
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
    tolerations = [{ key = "nvidia.com/gpu", operator = "Exists", effect = "NoSchedule" }]
  })]
}
{% endif %}
output "cluster_${{ r }}" {
  description = "The ${{ region }} cluster"
  value = {
    name     = module.eks_${{ r }}.cluster_name
    endpoint = module.eks_${{ r }}.cluster_endpoint
  }
}
{% endfor %}
