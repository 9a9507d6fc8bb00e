"""A wallet of accounts by UUID whose entries debit or credit a balance."""
