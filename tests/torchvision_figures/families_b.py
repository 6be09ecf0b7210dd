"""EfficientNet, MNASNet, ShuffleNet v2, MobileNet v2/v3, GoogLeNet, Inception v3, SqueezeNet,
AlexNet and the MobileNetV3 segmentation models (torchvision 0.28, torchvision/models/
efficientnet.py, mnasnet.py, shufflenetv2.py, mobilenetv2.py, mobilenetv3.py, googlenet.py,
inception.py, squeezenet.py, alexnet.py, segmentation/deeplabv3.py and lraspp.py: each DEFAULT
weights' meta)."""

from torchvision_figures import Figure

# Inception v3's num_params counts its auxiliary classifier (AuxLogits, on Mixed_6e's 17×17×768),
# which the spec keeps; _ops is measured in eval mode, where AuxLogits does not run. Its
# multiplications by hand: the 5×5/3 average pool gives 5×5×768; conv0 (1×1 to 128) has
# 5·5·128 outputs of 768 inputs each, conv1 (5×5 to 768) 1·1·768 outputs of 5·5·128, and the
# fc 768 · 1000 (5,683,200, as torch counts the head in training mode).
INCEPTION_V3_AUX = 5*5*128 * 768 + 1*1*768 * 5*5*128 + 768 * 1000

FIGURES = {
    "efficientnet_b0": Figure(5_288_548, 0.386, "EfficientNet_B0_Weights.IMAGENET1K_V1"),
    "efficientnet_b1": Figure(7_794_184, 0.687, "EfficientNet_B1_Weights.IMAGENET1K_V2"),
    "efficientnet_b2": Figure(9_109_994, 1.088, "EfficientNet_B2_Weights.IMAGENET1K_V1"),
    "efficientnet_b3": Figure(12_233_232, 1.827, "EfficientNet_B3_Weights.IMAGENET1K_V1"),
    "efficientnet_b4": Figure(19_341_616, 4.394, "EfficientNet_B4_Weights.IMAGENET1K_V1"),
    "efficientnet_b5": Figure(30_389_784, 10.266, "EfficientNet_B5_Weights.IMAGENET1K_V1"),
    "efficientnet_b6": Figure(43_040_704, 19.068, "EfficientNet_B6_Weights.IMAGENET1K_V1"),
    "efficientnet_b7": Figure(66_347_960, 37.746, "EfficientNet_B7_Weights.IMAGENET1K_V1"),
    "efficientnet_v2_s": Figure(21_458_488, 8.366, "EfficientNet_V2_S_Weights.IMAGENET1K_V1"),
    "efficientnet_v2_m": Figure(54_139_356, 24.582, "EfficientNet_V2_M_Weights.IMAGENET1K_V1"),
    "efficientnet_v2_l": Figure(118_515_272, 56.08, "EfficientNet_V2_L_Weights.IMAGENET1K_V1"),
    "mnasnet0_5": Figure(2_218_512, 0.104, "MNASNet0_5_Weights.IMAGENET1K_V1"),
    "mnasnet0_75": Figure(3_170_208, 0.215, "MNASNet0_75_Weights.IMAGENET1K_V1"),
    "mnasnet1_0": Figure(4_383_312, 0.314, "MNASNet1_0_Weights.IMAGENET1K_V1"),
    "mnasnet1_3": Figure(6_282_256, 0.526, "MNASNet1_3_Weights.IMAGENET1K_V1"),
    "shufflenet_v2_x0_5": Figure(1_366_792, 0.04, "ShuffleNet_V2_X0_5_Weights.IMAGENET1K_V1"),
    "shufflenet_v2_x1_0": Figure(2_278_604, 0.145, "ShuffleNet_V2_X1_0_Weights.IMAGENET1K_V1"),
    "shufflenet_v2_x1_5": Figure(3_503_624, 0.296, "ShuffleNet_V2_X1_5_Weights.IMAGENET1K_V1"),
    "shufflenet_v2_x2_0": Figure(7_393_996, 0.583, "ShuffleNet_V2_X2_0_Weights.IMAGENET1K_V1"),
    "mobilenet_v2": Figure(3_504_872, 0.301, "MobileNet_V2_Weights.IMAGENET1K_V2"),
    "mobilenet_v3_large": Figure(5_483_032, 0.217, "MobileNet_V3_Large_Weights.IMAGENET1K_V2"),
    "mobilenet_v3_small": Figure(2_542_856, 0.057, "MobileNet_V3_Small_Weights.IMAGENET1K_V1"),
    # the bundled googlenet is the paper's network; torchvision's is googlenet_torchvision
    "googlenet_torchvision": Figure(6_624_904, 1.498, "GoogLeNet_Weights.IMAGENET1K_V1",
                                    "googlenet"),
    "inception_v3": Figure(27_161_264, 5.713, "Inception_V3_Weights.IMAGENET1K_V1",
                           aux_mults=INCEPTION_V3_AUX),
    "squeezenet1_0": Figure(1_248_424, 0.819, "SqueezeNet1_0_Weights.IMAGENET1K_V1"),
    "squeezenet1_1": Figure(1_235_496, 0.349, "SqueezeNet1_1_Weights.IMAGENET1K_V1"),
    # the bundled alexnet is the paper's two-tower network (227 px); torchvision's is this one
    "alexnet_torchvision": Figure(61_100_840, 0.714, "AlexNet_Weights.IMAGENET1K_V1", "alexnet"),
    "deeplabv3_mobilenet_v3_large": Figure(
        11_029_328, 10.452, "DeepLabV3_MobileNet_V3_Large_Weights.COCO_WITH_VOC_LABELS_V1"),
    "lraspp_mobilenet_v3_large": Figure(
        3_221_538, 2.086, "LRASPP_MobileNet_V3_Large_Weights.COCO_WITH_VOC_LABELS_V1"),
}
