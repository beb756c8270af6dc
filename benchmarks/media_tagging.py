"""Image marking speed: optout against `exiftool -stay_open` and a plain copy, side by side, same files.

Makes 200 camera-like JPEGs of about 2 MB (noise-rich pictures with EXIF, GPS and XMP, each file
different), then writes the same eight rights fields (PLUS data mining, other constraints, creator,
copyright, credit, web statement, licensor URL, usage terms; XMP + IPTC-IIM + EXIF) into copies:
  - optout: the batch API as `optout media protect --out` runs it (all cores),
  - exiftool: one `-stay_open` process, every file in one batched command (already started),
  - exiftool x N: the same split over one stay-open process per core (for reference),
  - copy: shutil.copyfile of each file (the floor: reading and writing the bytes).
Each is run --repeat times on fresh output folders, taking turns; the median is printed. Targets: exiftool / optout
>= 2 and optout / copy <= 3. Outputs are checked once (not timed) with exiftool.
Run: .venv/bin/python benchmarks/media_tagging.py [--files 200] [--repeat 3]
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from optout.media.batch import Job, Options, run  # noqa: E402
from optout.media.marks import Marks  # noqa: E402

EXIFTOOL = os.environ.get("OPTOUT_EXIFTOOL", "/opt/exiftool/node_modules/exiftool-vendored.pl/bin/exiftool")
VALUES = dict(other_constraints="No use in datasets", creator="Ann Example", copyright="© 2026 Ann Example",
              credit="Ann Example Studio", web_statement="https://ann.example/rights",
              licensor_url="https://ann.example/licensing", usage_terms="Ask before any use")
EXIFTOOL_ARGS = [
    "-XMP-plus:DataMining=http://ns.useplus.org/ldf/vocab/DMI-PROHIBITED-AIMLTRAINING", "-n",
    f"-XMP-plus:OtherConstraints={VALUES['other_constraints']}", f"-XMP-dc:Creator={VALUES['creator']}",
    f"-XMP-dc:Rights={VALUES['copyright']}", f"-XMP-photoshop:Credit={VALUES['credit']}",
    f"-XMP-xmpRights:WebStatement={VALUES['web_statement']}", f"-XMP-plus:LicensorURL={VALUES['licensor_url']}",
    f"-XMP-xmpRights:UsageTerms={VALUES['usage_terms']}", f"-IPTC:By-line={VALUES['creator']}",
    f"-IPTC:CopyrightNotice={VALUES['copyright']}", f"-IPTC:Credit={VALUES['credit']}",
    f"-EXIF:Artist={VALUES['creator']}", f"-EXIF:Copyright={VALUES['copyright']}", "-charset", "iptc=utf8",
    "-codedcharacterset=utf8",
]


def make_inputs(folder: Path, count: int) -> list[Path]:
    """Four distinct noisy base pictures (~2 MB at quality 92), each copy made unique by its EXIF."""
    from PIL import Image

    folder.mkdir(parents=True)
    rng = random.Random(7)
    bases = []
    for index in range(4):
        noise = Image.frombytes("L", (1000, 750), rng.randbytes(1000 * 750)).resize((2000, 1500))
        colour = Image.merge("RGB", (noise, noise.rotate(90 * index, expand=False), noise.transpose(Image.Transpose.FLIP_LEFT_RIGHT)))
        buffer = io.BytesIO()
        colour.save(buffer, "JPEG", quality=92)
        base = folder / f"base{index}.jpg"
        base.write_bytes(buffer.getvalue())
        bases.append(base)
    subprocess.run([EXIFTOOL, "-q", "-overwrite_original", "-EXIF:Make=Testcam", "-EXIF:Model=T1", "-GPSLatitude=48.85",
                    "-GPSLatitudeRef=N", "-XMP-dc:Subject=street", *map(str, bases)], check=True)
    paths = []
    for number in range(count):
        data = bases[number % 4].read_bytes()
        path = folder / f"IMG_{number:04}.jpg"
        path.write_bytes(data)
        paths.append(path)
    subprocess.run([EXIFTOOL, "-q", "-overwrite_original", "-EXIF:ImageUniqueID<${FileName}", str(folder)], check=True)
    for base in bases:
        base.unlink()
    return paths


class StayOpen:
    def __init__(self):
        self.process = subprocess.Popen([EXIFTOOL, "-stay_open", "True", "-@", "-"], stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        self.execute(["-ver"])

    def execute(self, args: list[str]) -> str:
        self.process.stdin.write("\n".join(args) + "\n-execute\n")
        self.process.stdin.flush()
        lines = []
        for line in self.process.stdout:
            if line.startswith("{ready}"):
                return "".join(lines)
            lines.append(line)
        raise RuntimeError("exiftool stopped")

    def close(self):
        self.process.stdin.write("-stay_open\nFalse\n")
        self.process.stdin.flush()
        self.process.wait()


def exiftool_batch(tools: list[StayOpen], paths: list[Path], out: Path) -> None:
    from concurrent.futures import ThreadPoolExecutor

    share = [paths[i::len(tools)] for i in range(len(tools))]
    with ThreadPoolExecutor(len(tools)) as pool:
        list(pool.map(lambda pair: pair[0].execute([*EXIFTOOL_ARGS, "-o", f"{out}/", *map(str, pair[1])]),
                      zip(tools, share, strict=True)))


def optout_batch(paths: list[Path], out: Path) -> None:
    options = Options(Marks(**VALUES))
    outcomes = list(run([Job(p, out / p.name) for p in paths], options))
    assert all(o.status == "ok" for o in outcomes), [o.message for o in outcomes if o.status != "ok"][:3]


def copy_batch(paths: list[Path], out: Path) -> None:
    for path in paths:
        shutil.copyfile(path, out / path.name)


def measure(functions: dict, paths: list[Path], work: Path, repeat: int) -> dict[str, float]:
    """Median time of each function; the rounds take turns (copy, optout, exiftool, …) so that other load on
    the machine falls on all of them alike. The first round warms the page cache and is not counted."""
    times: dict[str, list[float]] = {name: [] for name in functions}
    for round_number in range(repeat + 1):
        for name, function in functions.items():
            out = work / f"out-{name}-{round_number}"
            out.mkdir()
            started = time.perf_counter()
            function(paths, out)
            elapsed = time.perf_counter() - started
            if round_number:
                times[name].append(elapsed)
            if round_number < repeat:
                shutil.rmtree(out)
    return {name: statistics.median(values) for name, values in times.items()}


def check(out_optout: Path, out_exiftool: Path) -> None:
    fields = ["-XMP-plus:DataMining", "-XMP-dc:Creator", "-XMP-plus:LicensorURL", "-IPTC:By-line", "-EXIF:Artist",
              "-EXIF:Make", "-XMP-dc:Subject"]
    for folder in (out_optout, out_exiftool):
        first = sorted(folder.iterdir())[0]
        tags = json.loads(subprocess.run([EXIFTOOL, "-j", "-n", "-G1", *fields, str(first)], capture_output=True,
                                         text=True, check=True).stdout)[0]
        assert tags["XMP-plus:DataMining"].endswith("DMI-PROHIBITED-AIMLTRAINING"), tags
        assert tags["IPTC:By-line"] == tags["IFD0:Artist"] == "Ann Example" and tags["IFD0:Make"] == "Testcam", tags


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--files", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    cores = os.cpu_count() or 1
    with tempfile.TemporaryDirectory(prefix="optout-bench-media-") as temporary:
        work = Path(temporary)
        paths = make_inputs(work / "in", args.files)
        total = sum(p.stat().st_size for p in paths)
        version = subprocess.run([EXIFTOOL, "-ver"], capture_output=True, text=True, check=True).stdout.strip()
        print(f"{len(paths)} JPEGs, {total / len(paths) / 1e6:.2f} MB each ({total / 1e6:.0f} MB), {cores} cores, "
              f"exiftool {version}, median of {args.repeat} runs after a warm-up")
        single = [StayOpen()]
        many = [StayOpen() for _ in range(cores)]
        results = measure({"copy": copy_batch, "optout": optout_batch,
                           "exiftool": lambda p, o: exiftool_batch(single, p, o),
                           "exiftool_cores": lambda p, o: exiftool_batch(many, p, o)}, paths, work, args.repeat)
        for tool in single + many:
            tool.close()
        copy, ours, exif1, exif_n = (results[k] for k in ("copy", "optout", "exiftool", "exiftool_cores"))
        check(work / f"out-optout-{args.repeat}", work / f"out-exiftool-{args.repeat}")
        per = 1000 / len(paths)
        print(f"plain copy          {copy:7.2f} s  {copy * per:6.1f} ms/file")
        print(f"optout ({cores} procs)    {ours:7.2f} s  {ours * per:6.1f} ms/file")
        print(f"exiftool -stay_open {exif1:7.2f} s  {exif1 * per:6.1f} ms/file  (one process, one batched command)")
        print(f"exiftool x {cores}        {exif_n:7.2f} s  {exif_n * per:6.1f} ms/file  (one stay-open process per core)")
        print(f"exiftool / optout: {exif1 / ours:.1f}x faster (target >= 2); "
              f"vs exiftool on every core: {exif_n / ours:.1f}x")
        print(f"optout / plain copy: {ours / copy:.2f}x (target <= 3)")


if __name__ == "__main__":
    main()
