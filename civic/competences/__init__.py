"""Citizen competences: learning to act as co-owners of one's society — three areas of
lessons and self-check quizzes, each citizen's progress, study circles, and aggregates."""
