"""Officials' pledges (履职践诺): filing, review and revisions arrive with the pledges issue."""
