"""Benchmark cohort matching on a synthetic cohort of mentees and mentors.

Generates random profiles from the vocabulary with a fixed seed. Then it times
several runs of assistant.matching.cohort.assign_cohort, which computes the score
matrix and the hard filters and runs the assignment solver, without a database. The
last line is the median time and the total score. Profile generation is not timed.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time

from assistant.matching.cohort import CohortMentee, assign_cohort
from assistant.matching.weights import default_weights
from assistant.profiles import MENTOR_STATUSES, MenteeProfile, MentorProfile
from assistant.vocabulary import Vocabulary, load_vocabulary

# Most students list English; a third add one more language from this short list,
# so that the language filter and preference both matter.
COMMON_LANGUAGES = ("spanish", "mandarin", "hindi", "french", "arabic", "korean")


def make_mentee(
    rng: random.Random, vocabulary: Vocabulary, number: int
) -> CohortMentee:
    areas = rng.sample(vocabulary.ids("support_areas"), rng.randint(1, 3))
    languages = ["english"]
    if rng.random() < 0.33:
        languages.append(rng.choice(COMMON_LANGUAGES))
    profile = MenteeProfile(
        sender_id=f"bench-{number}",
        preferred_name=f"Mentee {number}",
        email=f"mentee{number}@example.edu",
        program=rng.choice(vocabulary.ids("programs")),
        student_status="new",
        support_areas=areas,
        meeting_modes=rng.sample(vocabulary.ids("meeting_modes"), rng.randint(0, 2)),
        availability=rng.sample(vocabulary.ids("availability"), rng.randint(1, 2)),
        languages=languages,
        background=rng.sample(vocabulary.ids("themes"), rng.randint(0, 2)),
        consent=True,
        most_important=rng.choice([None, "program", *areas]),
    )
    return CohortMentee(number, profile)


def make_mentor(
    rng: random.Random, vocabulary: Vocabulary, number: int
) -> MentorProfile:
    languages = ["english"]
    if rng.random() < 0.4:
        languages.append(rng.choice(COMMON_LANGUAGES))
    return MentorProfile(
        id=number,
        name=f"Mentor {number}",
        email=f"mentor{number}@example.edu",
        status=rng.choice(MENTOR_STATUSES),
        program=rng.choice(vocabulary.ids("programs")),
        graduation_year=None,
        support_areas=rng.sample(vocabulary.ids("support_areas"), rng.randint(1, 4)),
        themes=rng.sample(vocabulary.ids("themes"), rng.randint(0, 2)),
        languages=languages,
        meeting_modes=rng.sample(vocabulary.ids("meeting_modes"), rng.randint(1, 3)),
        availability=rng.sample(vocabulary.ids("availability"), rng.randint(1, 3)),
        capacity=rng.randint(1, 4),
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--mentees", type=int, default=1000, help="cohort size")
    parser.add_argument("--mentors", type=int, default=300, help="roster size")
    parser.add_argument("--seed", type=int, default=7, help="random seed")
    parser.add_argument("--repeat", type=int, default=3, help="number of timed runs")
    args = parser.parse_args()

    rng = random.Random(args.seed)
    vocabulary = load_vocabulary()
    weights = default_weights()
    mentees = [make_mentee(rng, vocabulary, n) for n in range(1, args.mentees + 1)]
    mentors = [make_mentor(rng, vocabulary, n) for n in range(1, args.mentors + 1)]
    slots = {mentor.id: mentor.capacity for mentor in mentors}

    times = []
    for _ in range(max(1, args.repeat)):
        started = time.perf_counter()
        result = assign_cohort(mentees, mentors, slots, weights)
        times.append(time.perf_counter() - started)

    print(
        f"{args.mentees} mentees, {args.mentors} mentors, {sum(slots.values())} "
        f"places: {len(result.assignments)} matched, {len(result.unmatched)} "
        f"unmatched; runs {', '.join(f'{t:.3f}' for t in times)} s"
    )
    print(
        f"time {statistics.median(times):.3f} s (median of {len(times)}), "
        f"total score {result.total_score:.3f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
