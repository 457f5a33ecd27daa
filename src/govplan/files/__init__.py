"""Files and folders: atomic writes, folder walks, disk-spilled sorting, command inputs."""
