"""Plan-vs-plan comparison: segmentation and similarity, alignment of tasks."""
