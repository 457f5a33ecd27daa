"""Many notices: jobs, the planner, the manifest, and the engines that run them."""
