"""ResNet-18 as ONNX with the seeded weights of tools/fixtures/resnet18.py (seed 18), batch 1 and 8, for R18.java."""
import os, sys, torch, torchvision
OUT = sys.argv[1] if len(sys.argv) > 1 else "target/resnet18"
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fixtures"))
from lamina_graph import randomize
gen = torch.Generator().manual_seed(18)
model = randomize(torchvision.models.resnet18(weights=None), gen).eval()
for b in (1, 8):
    x = torch.randn((b, 3, 224, 224))
    torch.onnx.export(model, x, os.path.join(OUT, f"resnet18-b{b}.onnx"), opset_version=13,
                      input_names=["input"], output_names=["output"])
print("wrote", OUT)
