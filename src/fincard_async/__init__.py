"""fincard-async"""
