"""Appeals (复核申诉) of a released score, a pledge grade or a year grade (SPEC section 11)."""
