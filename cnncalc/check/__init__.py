"""Homework checking: answer files, the quantities a question may ask for, reading answers the
way people write them, recognising typical slips, and grading."""
