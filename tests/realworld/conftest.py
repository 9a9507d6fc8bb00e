"""The real-world suite: open-source services vendored as they are written (README.md).

Their own code is not collected (it is not ours, and holds no tests of ours).
"""

collect_ignore_glob = ["*/app/*", "*/chapter07/*", "*/src/*", "*/main.py"]
