"""AlexNet (torchvision 0.28, torchvision/models/alexnet.py)."""

from torchvision_figures import Figure

FIGURES = {
    "alexnet_torchvision": Figure(61_100_840, 0.714, "AlexNet_Weights.IMAGENET1K_V1", "alexnet"),
}
