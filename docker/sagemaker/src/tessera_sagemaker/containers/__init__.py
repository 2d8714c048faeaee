"""One module per image. Each has train(cfg) (cfg: config.TrainingConfig) and load_app(model_dir),
whose result answers invoke(body, content_type, accept) -> (body, content_type)."""
