"""FCN and DeepLabV3 on ResNet-50/101 (torchvision 0.28, torchvision/models/segmentation/fcn.py
and deeplabv3.py; COCO_WITH_VOC_LABELS_V1, with the auxiliary head, at 520×520)."""

from torchvision_figures import Figure

FIGURES = {
    "fcn_resnet50": Figure(35_322_218, 152.717, "FCN_ResNet50_Weights.COCO_WITH_VOC_LABELS_V1"),
    "fcn_resnet101": Figure(54_314_346, 232.738,
                            "FCN_ResNet101_Weights.COCO_WITH_VOC_LABELS_V1"),
    "deeplabv3_resnet50": Figure(42_004_074, 178.722,
                                 "DeepLabV3_ResNet50_Weights.COCO_WITH_VOC_LABELS_V1"),
    "deeplabv3_resnet101": Figure(60_996_202, 258.743,
                                  "DeepLabV3_ResNet101_Weights.COCO_WITH_VOC_LABELS_V1"),
}
