"""Our spaCy components (places, dates, quantities, events) and the pipeline that holds them."""
