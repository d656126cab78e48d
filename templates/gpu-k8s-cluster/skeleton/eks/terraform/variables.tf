variable "kubernetes_version" {
  description = "Kubernetes version of every regional cluster"
  type        = string
  default     = ${{ (values.kubernetesVersion) | hclString }}
}

variable "api_access_cidrs" {
  description = "CIDRs that may reach each cluster's Kubernetes API: where Terraform, CI and the platform team run"
  type        = list(string)
  validation {
    condition     = length(var.api_access_cidrs) > 0 && alltrue([for c in var.api_access_cidrs : can(cidrhost(c, 0))])
    error_message = "List at least one CIDR, for example [\"203.0.113.0/24\"]."
  }
}

variable "vpc_cidr" {
  description = "CIDR of each region's VPC"
  type        = string
  default     = "10.40.0.0/16"
}
