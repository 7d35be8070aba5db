"""The official's profile (干部画像 / 成长纪实) and the search of officials (SPEC section 12)."""
