import {
  readTerraform,
  TERRAFORM_FILES,
  terraformFacts as factsOf,
} from './terraformFacts';

const terraformFacts = async (files: { path: string; text: string }[]) =>
  factsOf(await readTerraform(files.filter(f => TERRAFORM_FILES.test(f.path))));

// Shaped as the GPU cluster golden path writes each cloud's Terraform
// (templates/gpu-k8s-cluster/skeleton/*/terraform/main.tf), one block set
// per region.
const eks = (regions: string[]) =>
  regions
    .map(region => {
      const r = region.replace(/-/g, '_');
      return `
provider "aws" {
  alias  = "${r}"
  region = "${region}"
}
module "eks_${r}" {
  source       = "terraform-aws-modules/eks/aws"
  version      = "~> 20.31"
  providers    = { aws = aws.${r} }
  cluster_name = "\${local.name}-${region}"
}`;
    })
    .join('\n');

const gke = `
variable "region" {
  type    = string
  default = "us-central1"
}
resource "google_container_cluster" "primary" {
  name     = "research"
  location = var.region
}
resource "google_container_cluster" "zonal" {
  name     = "research-eu"
  location = "europe-west4-b"
}
`;

const aks = `
resource "azurerm_resource_group" "eastus" {
  name     = "rg-clinical-eastus"
  location = "eastus"
}
resource "azurerm_kubernetes_cluster" "eastus" {
  name                = "clinical-eastus"
  location            = azurerm_resource_group.eastus.location
  resource_group_name = azurerm_resource_group.eastus.name
}
resource "azurerm_kubernetes_cluster" "westeurope" {
  name     = "clinical-westeurope"
  location = "West Europe"
}
`;

describe('terraformFacts', () => {
  it('reads each EKS cluster module with the region of its aliased provider', async () => {
    expect(
      await terraformFacts([
        { path: 'terraform/main.tf', text: eks(['us-east-1', 'eu-west-1']) },
      ]),
    ).toEqual({
      clusters: [
        {
          address: 'module.eks_eu_west_1',
          file: 'terraform/main.tf',
          region: 'eu-west-1',
        },
        {
          address: 'module.eks_us_east_1',
          file: 'terraform/main.tf',
          region: 'us-east-1',
        },
      ],
      regions: ['eu-west-1', 'us-east-1'],
      regionCount: 2,
    });
    const one = await terraformFacts([
      { path: 'terraform/main.tf', text: eks(['us-east-1']) },
    ]);
    expect(one.regionCount).toBe(1);
  });

  it("does not take the EKS module's submodules (Karpenter, node groups) for clusters (was: one more cluster per region)", async () => {
    const karpenter = `
module "karpenter_us_east_1" {
  source       = "terraform-aws-modules/eks/aws//modules/karpenter"
  providers    = { aws = aws.us_east_1 }
  cluster_name = module.eks_us_east_1.cluster_name
}`;
    const facts = await terraformFacts([
      { path: 'terraform/main.tf', text: eks(['us-east-1']) + karpenter },
    ]);
    expect(facts.clusters.map(c => c.address)).toEqual([
      'module.eks_us_east_1',
    ]);
  });

  it('reads aws_eks_cluster resources on the default provider, and says when a region comes from the environment', async () => {
    const text = `
provider "aws" { region = "us-west-2" }
resource "aws_eks_cluster" "main" { name = "main" }
`;
    expect(
      (await terraformFacts([{ path: 'main.tf', text }])).clusters,
    ).toEqual([
      { address: 'aws_eks_cluster.main', file: 'main.tf', region: 'us-west-2' },
    ]);
    expect(
      (
        await terraformFacts([
          { path: 'main.tf', text: 'resource "aws_eks_cluster" "main" {}' },
        ])
      ).clusters[0],
    ).toMatchObject({
      region: null,
      why: 'no default provider "aws" (the region would come from the environment)',
    });
  });

  it('reads GKE locations through variables and tfvars, and a zonal cluster as its region', async () => {
    expect(
      await terraformFacts([{ path: 'terraform/main.tf', text: gke }]),
    ).toMatchObject({
      regions: ['europe-west4', 'us-central1'],
      regionCount: 2,
    });
    // terraform.tfvars is loaded by Terraform itself and wins over the default.
    expect(
      await terraformFacts([
        { path: 'terraform/main.tf', text: gke },
        { path: 'terraform/terraform.tfvars', text: 'region = "europe-west4"' },
        // Not loaded unless named on the command line.
        { path: 'terraform/dev.tfvars', text: 'region = "asia-southeast1"' },
      ]),
    ).toMatchObject({ regions: ['europe-west4'], regionCount: 1 });
  });

  it('reads AKS locations through their resource group, in either of the spellings Azure takes', async () => {
    expect(
      await terraformFacts([{ path: 'terraform/main.tf', text: aks }]),
    ).toMatchObject({ regions: ['eastus', 'westeurope'], regionCount: 2 });
  });

  it('does not guess a region it cannot read', async () => {
    const text = `
data "google_client_config" "current" {}
resource "google_container_cluster" "x" {
  location = data.google_client_config.current.region
}
resource "google_container_cluster" "y" {
  location = "\${var.prefix}-west1"
}
`;
    const facts = await terraformFacts([{ path: 'main.tf', text }]);
    expect(facts.regionCount).toBe(0);
    expect(facts.clusters.map(c => c.region)).toEqual([null, null]);
    expect(facts.clusters[0].why).toMatch(/^location .* is not a literal/);
  });

  it('ignores Terraform outside the root module, and names a file that does not parse', async () => {
    expect(
      await terraformFacts([
        { path: 'modules/eks/main.tf', text: eks(['us-east-1', 'eu-west-1']) },
      ]),
    ).toEqual({ clusters: [], regions: [], regionCount: 0 });
    await expect(
      terraformFacts([{ path: 'terraform/main.tf', text: 'resource "x" {' }]),
    ).rejects.toThrow(/^terraform\/main\.tf does not parse as HCL: /);
  });
});
