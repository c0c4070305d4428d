#!/usr/bin/python3
"""The zoo's Python half (called by tools/zoo/zoo; needs Debian's python3-torch, -torchvision, -onnx).

  zoo_export.py export --work DIR [--models a,b] [--batch N] [--force]
      For each model: torchvision.models.<name>(weights=None) with seeded random weights (seed = SEED +
      its index in MODELS; BatchNorm running statistics non-trivial, see lamina_graph.randomize), eval
      mode, exported with torch.onnx.export at opset 13 with a dynamic batch to DIR/<name>/model.onnx,
      with DIR/<name>/x.npy (batch N, 3×224×224, seeded N(0, 1)) and DIR/<name>/y.npy (PyTorch's output), and
      DIR/<name>/meta.json (versions, seed, sizes, export time, PyTorch's best-of-3 time, the op types).
      A model whose DIR/<name>/meta.json says the same torch, seed, opset and batch is not exported again.
  zoo_export.py report --work DIR RESULTS.tsv
      Reads the runs the bash half made (model, backend, exit code, seconds, output, log) and prints the
      table model × backend -> max abs difference to PyTorch, pass/fail at 5e-4·max(1, max|y|), time per
      image. Exit 0 when every run passed, 1 otherwise.
"""
import argparse
import collections
import json
import os
import sys
import time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
MODELS = ["resnet18", "mobilenet_v2", "mobilenet_v3_small", "squeezenet1_1", "googlenet", "efficientnet_b0",
          "mnasnet0_5", "densenet121", "regnet_x_400mf", "shufflenet_v2_x0_5"]
SEED = 1100
OPSET = 13
TOLERANCE = 5e-4


def build(name):
    import torchvision
    kwargs = {"weights": None}
    if name == "googlenet":
        kwargs.update(aux_logits=False, init_weights=False)  # the aux heads only run in training
    return getattr(torchvision.models, name)(**kwargs)


def export(args):
    import onnx
    import torch
    sys.path.insert(0, os.path.join(HERE, "..", "fixtures"))
    from lamina_graph import randomize, write_npy

    torch.set_num_threads(max(1, os.cpu_count() or 1))
    models = args.models.split(",") if args.models else MODELS
    unknown = [m for m in models if m not in MODELS]
    if unknown:
        raise SystemExit(f"zoo: unknown models {unknown}; the zoo has {MODELS}")
    print(f"torch {torch.__version__}, torchvision {__import__('torchvision').__version__}, onnx {onnx.__version__}"
          f"; opset {OPSET}, batch {args.batch}, dynamic batch")
    print(f"{'model':20s} {'params':>10s} {'export s':>9s} {'onnx MB':>8s} {'torch ms/img':>12s} {'max|y|':>9s}")
    for name in models:
        d = os.path.join(args.work, name)
        seed = SEED + MODELS.index(name)
        meta = {"model": name, "torch": torch.__version__, "seed": seed, "opset": OPSET, "batch": args.batch}
        meta_path = os.path.join(d, "meta.json")
        if not args.force and os.path.exists(meta_path):
            with open(meta_path) as f:
                old = json.load(f)
            if all(old.get(k) == v for k, v in meta.items()) and all(
                    os.path.exists(os.path.join(d, n)) for n in ("model.onnx", "x.npy", "y.npy")):
                print(f"{name:20s} {old['params']:10d} {'(kept)':>9s} {old['onnx_bytes'] / 1e6:8.1f} "
                      f"{old['torch_ms_per_image']:12.1f} {old['max_abs_y']:9.3f}")
                continue
        os.makedirs(d, exist_ok=True)
        gen = torch.Generator().manual_seed(seed)
        torch.manual_seed(seed)  # for any initialiser randomize() does not cover
        model = randomize(build(name), gen)
        x = torch.randn((args.batch, 3, 224, 224), generator=gen)
        with torch.no_grad():
            y = model(x)  # also the warm-up
            torch_s = float("inf")
            for _ in range(3):  # best of three: the machine may be shared
                t0 = time.perf_counter()
                model(x)
                torch_s = min(torch_s, time.perf_counter() - t0)
        path = os.path.join(d, "model.onnx")
        t0 = time.perf_counter()
        with torch.no_grad():
            torch.onnx.export(model, (x,), path, opset_version=OPSET, input_names=["input"], output_names=["output"],
                              dynamic_axes={"input": {0: "batch"}, "output": {0: "batch"}},
                              training=torch.onnx.TrainingMode.EVAL, do_constant_folding=True)
        export_s = time.perf_counter() - t0
        onnx.checker.check_model(path, full_check=True)
        ops = collections.Counter(n.op_type for n in onnx.load(path).graph.node)
        write_npy(os.path.join(d, "x.npy"), x)
        write_npy(os.path.join(d, "y.npy"), y)
        meta.update(params=sum(p.numel() for p in model.parameters()), onnx_bytes=os.path.getsize(path),
                    export_seconds=round(export_s, 2), torch_ms_per_image=round(1000 * torch_s / args.batch, 2),
                    max_abs_y=float(y.abs().max()), output_shape=list(y.shape), ops=dict(sorted(ops.items())))
        with open(meta_path, "w") as f:
            json.dump(meta, f, indent=1)
        print(f"{name:20s} {meta['params']:10d} {export_s:9.1f} {meta['onnx_bytes'] / 1e6:8.1f} "
              f"{meta['torch_ms_per_image']:12.1f} {meta['max_abs_y']:9.3f}", flush=True)


def load_npy(path):
    a = np.load(path, allow_pickle=False)
    return a.astype(np.float64)


def report(args):
    rows = []
    with open(args.results) as f:
        for line in f:
            if line.strip():
                rows.append(line.rstrip("\n").split("\t"))
    backends = list(dict.fromkeys(r[1] for r in rows))
    models = list(dict.fromkeys(r[0] for r in rows))
    cells, ok = {}, True
    for model, backend, rc, seconds, out, log in rows:
        y = load_npy(os.path.join(args.work, model, "y.npy"))
        tol = TOLERANCE * max(1.0, float(np.abs(y).max()))
        if rc != "0" or not os.path.exists(out):
            first = ""
            if os.path.exists(log):
                with open(log, errors="replace") as f:
                    lines = [l.strip() for l in f if l.strip()]
                first = lines[0][:70] if lines else ""
            cells[model, backend] = f"error (exit {rc}) {first}"
            ok = False
            continue
        got = load_npy(out)
        if got.shape != y.shape:
            cells[model, backend] = f"FAIL shape {list(got.shape)} != {list(y.shape)}"
            ok = False
            continue
        diff = float(np.abs(got - y).max()) if got.size else 0.0
        passed = diff <= tol  # NaN compares false: a NaN output fails
        ok &= passed
        per_image = float(seconds) / y.shape[0]
        cells[model, backend] = f"{diff:.2e} {'pass' if passed else 'FAIL'} {per_image:.2f} s"
    width = max([36] + [len(c) for c in cells.values()])
    print(f"max abs diff to PyTorch, pass at {TOLERANCE}·max(1, max|y|), wall seconds per image "
          "(the whole `lamina run`: JVM start, import, one batch)")
    print(f"{'model':20s} " + " ".join(f"{b:{width}s}" for b in backends))
    for m in models:
        print(f"{m:20s} " + " ".join(f"{cells.get((m, b), '-'):{width}s}" for b in backends))
    return 0 if ok else 1


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    e = sub.add_parser("export")
    e.add_argument("--work", required=True)
    e.add_argument("--models")
    e.add_argument("--batch", type=int, default=2)
    e.add_argument("--force", action="store_true")
    r = sub.add_parser("report")
    r.add_argument("--work", required=True)
    r.add_argument("results")
    a = ap.parse_args()
    if a.cmd == "export":
        export(a)
        return 0
    return report(a)


if __name__ == "__main__":
    sys.exit(main())
