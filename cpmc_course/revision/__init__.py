"""Self-paced revision: question banks per bloc, quiz widgets with immediate
feedback, progress saved locally, adaptive draw and the « carte de révision »."""
