"""ResNet, ResNeXt, Wide ResNet, VGG, DenseNet, RegNet and ConvNeXt (torchvision 0.28,
torchvision/models/resnet.py, vgg.py, densenet.py, regnet.py, convnext.py): the DEFAULT weights'
meta of each builder. Where the default is a V2 (a newer training recipe of the same network) its
figures equal V1's. regnet_y_128gf's default weights (SWAG end-to-end) are evaluated at a 384
crop, and its 374.57 is counted there: specs/regnet.yaml reads that variant at 384×384."""

from torchvision_figures import Figure

FIGURES = {
    # ResNet, ResNeXt, Wide ResNet (torchvision/models/resnet.py)
    "resnet18": Figure(11_689_512, 1.814, "ResNet18_Weights.IMAGENET1K_V1"),
    "resnet34": Figure(21_797_672, 3.664, "ResNet34_Weights.IMAGENET1K_V1"),
    "resnet50": Figure(25_557_032, 4.089, "ResNet50_Weights.IMAGENET1K_V2"),
    "resnet101": Figure(44_549_160, 7.801, "ResNet101_Weights.IMAGENET1K_V2"),
    "resnet152": Figure(60_192_808, 11.514, "ResNet152_Weights.IMAGENET1K_V2"),
    "resnext50_32x4d": Figure(25_028_904, 4.23, "ResNeXt50_32X4D_Weights.IMAGENET1K_V2"),
    "resnext101_32x8d": Figure(88_791_336, 16.414, "ResNeXt101_32X8D_Weights.IMAGENET1K_V2"),
    "resnext101_64x4d": Figure(83_455_272, 15.46, "ResNeXt101_64X4D_Weights.IMAGENET1K_V1"),
    "wide_resnet50_2": Figure(68_883_240, 11.398, "Wide_ResNet50_2_Weights.IMAGENET1K_V2"),
    "wide_resnet101_2": Figure(126_886_696, 22.753, "Wide_ResNet101_2_Weights.IMAGENET1K_V2"),
    # VGG (torchvision/models/vgg.py)
    "vgg11": Figure(132_863_336, 7.609, "VGG11_Weights.IMAGENET1K_V1"),
    "vgg13": Figure(133_047_848, 11.308, "VGG13_Weights.IMAGENET1K_V1"),
    "vgg16": Figure(138_357_544, 15.47, "VGG16_Weights.IMAGENET1K_V1"),
    "vgg19": Figure(143_667_240, 19.632, "VGG19_Weights.IMAGENET1K_V1"),
    "vgg11_bn": Figure(132_868_840, 7.609, "VGG11_BN_Weights.IMAGENET1K_V1"),
    "vgg13_bn": Figure(133_053_736, 11.308, "VGG13_BN_Weights.IMAGENET1K_V1"),
    "vgg16_bn": Figure(138_365_992, 15.47, "VGG16_BN_Weights.IMAGENET1K_V1"),
    "vgg19_bn": Figure(143_678_248, 19.632, "VGG19_BN_Weights.IMAGENET1K_V1"),
    # DenseNet (torchvision/models/densenet.py)
    "densenet121": Figure(7_978_856, 2.834, "DenseNet121_Weights.IMAGENET1K_V1"),
    "densenet161": Figure(28_681_000, 7.728, "DenseNet161_Weights.IMAGENET1K_V1"),
    "densenet169": Figure(14_149_480, 3.36, "DenseNet169_Weights.IMAGENET1K_V1"),
    "densenet201": Figure(20_013_928, 4.291, "DenseNet201_Weights.IMAGENET1K_V1"),
    # RegNet (torchvision/models/regnet.py)
    "regnet_x_400mf": Figure(5_495_976, 0.414, "RegNet_X_400MF_Weights.IMAGENET1K_V2"),
    "regnet_x_800mf": Figure(7_259_656, 0.8, "RegNet_X_800MF_Weights.IMAGENET1K_V2"),
    "regnet_x_1_6gf": Figure(9_190_136, 1.603, "RegNet_X_1_6GF_Weights.IMAGENET1K_V2"),
    "regnet_x_3_2gf": Figure(15_296_552, 3.177, "RegNet_X_3_2GF_Weights.IMAGENET1K_V2"),
    "regnet_x_8gf": Figure(39_572_648, 7.995, "RegNet_X_8GF_Weights.IMAGENET1K_V2"),
    "regnet_x_16gf": Figure(54_278_536, 15.941, "RegNet_X_16GF_Weights.IMAGENET1K_V2"),
    "regnet_x_32gf": Figure(107_811_560, 31.736, "RegNet_X_32GF_Weights.IMAGENET1K_V2"),
    "regnet_y_400mf": Figure(4_344_144, 0.402, "RegNet_Y_400MF_Weights.IMAGENET1K_V2"),
    "regnet_y_800mf": Figure(6_432_512, 0.834, "RegNet_Y_800MF_Weights.IMAGENET1K_V2"),
    "regnet_y_1_6gf": Figure(11_202_430, 1.612, "RegNet_Y_1_6GF_Weights.IMAGENET1K_V2"),
    "regnet_y_3_2gf": Figure(19_436_338, 3.176, "RegNet_Y_3_2GF_Weights.IMAGENET1K_V2"),
    "regnet_y_8gf": Figure(39_381_472, 8.473, "RegNet_Y_8GF_Weights.IMAGENET1K_V2"),
    "regnet_y_16gf": Figure(83_590_140, 15.912, "RegNet_Y_16GF_Weights.IMAGENET1K_V2"),
    "regnet_y_32gf": Figure(145_046_770, 32.28, "RegNet_Y_32GF_Weights.IMAGENET1K_V2"),
    "regnet_y_128gf": Figure(644_812_894, 374.57, "RegNet_Y_128GF_Weights.IMAGENET1K_SWAG_E2E_V1"),
    # ConvNeXt (torchvision/models/convnext.py)
    "convnext_tiny": Figure(28_589_128, 4.456, "ConvNeXt_Tiny_Weights.IMAGENET1K_V1"),
    "convnext_small": Figure(50_223_688, 8.684, "ConvNeXt_Small_Weights.IMAGENET1K_V1"),
    "convnext_base": Figure(88_591_464, 15.355, "ConvNeXt_Base_Weights.IMAGENET1K_V1"),
    "convnext_large": Figure(197_767_336, 34.361, "ConvNeXt_Large_Weights.IMAGENET1K_V1"),
}
