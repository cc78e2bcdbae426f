"""A small PyTorch training loop logged to Sextant (needs `pip install torch`; not run in CI).

    pip install torch ./client-sdk/python
    SEXTANT_URL=http://127.0.0.1:5055 python examples/pytorch_example.py

Tensors are logged directly: `loss.item()` or a one-element tensor both work, since the SDK calls
float() on values it does not know (no torch or numpy import inside the SDK). GPU use is sampled
as system/gpu/* when nvidia-smi is on PATH.
"""
import tempfile
from pathlib import Path

import torch
from torch import nn

import sextant


def main():
    torch.manual_seed(0)
    device = "cuda" if torch.cuda.is_available() else "cpu"
    x = torch.randn(4096, 20)
    y = (x[:, :5].sum(dim=1, keepdim=True) > 0).float()
    train_x, train_y, test_x, test_y = x[:3500].to(device), y[:3500].to(device), x[3500:].to(device), y[3500:].to(device)
    config = {"lr": 1e-3, "epochs": 10, "batch_size": 64, "model": {"hidden": 64, "layers": 2}, "device": device}
    model = nn.Sequential(nn.Linear(20, 64), nn.ReLU(), nn.Linear(64, 1)).to(device)
    optimizer = torch.optim.Adam(model.parameters(), lr=config["lr"])
    loss_fn = nn.BCEWithLogitsLoss()

    with sextant.start_run(experiment="pytorch-example", config=config) as run:
        step = 0
        for epoch in range(config["epochs"]):
            model.train()
            permutation = torch.randperm(len(train_x), device=device)
            for start in range(0, len(train_x), config["batch_size"]):
                index = permutation[start:start + config["batch_size"]]
                logits = model(train_x[index])
                loss = loss_fn(logits, train_y[index])
                optimizer.zero_grad()
                loss.backward()
                optimizer.step()
                run.log({"train/loss": loss.detach(), "epoch": epoch}, step=step)  # a 0-d tensor is fine
                step += 1
            model.eval()
            with torch.no_grad():
                test_logits = model(test_x)
                acc = ((test_logits > 0).float() == test_y).float().mean()
                run.log({"eval/loss": loss_fn(test_logits, test_y).item(), "eval/acc": acc}, step=step - 1)
            print(f"epoch {epoch}: eval acc {acc.item():.3f}")
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "model.pt"
            torch.save(model.state_dict(), path)
            run.log_artifact(path, artifact_path="checkpoints")


if __name__ == "__main__":
    main()
