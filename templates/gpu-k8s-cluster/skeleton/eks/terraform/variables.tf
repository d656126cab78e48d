variable "kubernetes_version" {
  description = "Kubernetes version of every regional cluster"
  type        = string
  default     = ${{ (values.kubernetesVersion) | hclString }}
}

variable "vpc_cidr" {
  description = "CIDR of each region's VPC"
  type        = string
  default     = "10.40.0.0/16"
}
