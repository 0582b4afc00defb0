"""The Gradio demo (`potterverse-demo`): any run's checkpoint, the three magical tasks, free text."""
