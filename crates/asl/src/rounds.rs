//! A loop's rounds found in a sequence: what renderers show once with a count instead of
//! every time (the CLI's trace, the playground's path of states), so that a loop of 10,000
//! rounds is one line, not 20,000.

/// `items` cut into blocks, in order, each with how many times in a row it repeats: where a
/// block of up to `max_len` items repeats identically `min_rounds` times or more, it is one
/// block with its count; everything else is blocks of one item, counted once. Of the blocks
/// that start at a place, the one that covers the most items wins, and the shortest of those
/// (two rounds of `A B` are not one round of `A B A B`). The blocks put end to end give back
/// `items`.
pub fn repeated_blocks<T: PartialEq>(items: &[T], max_len: usize, min_rounds: usize) -> Vec<(&[T], usize)> {
    let mut res = Vec::new();
    let mut index = 0;
    while index < items.len() {
        let mut best = (1usize, 1usize); // (items in the block, rounds)
        for length in 1..=max_len.min(items.len() - index) {
            let block = &items[index..index + length];
            let mut rounds = 1;
            while items.get(index + rounds * length..index + (rounds + 1) * length) == Some(block) {
                rounds += 1;
            }
            if rounds >= min_rounds.max(2) && rounds * length > best.0 * best.1 {
                best = (length, rounds);
            }
        }
        let (length, rounds) = best;
        res.push((&items[index..index + length], rounds));
        index += length * rounds;
    }
    res
}

#[cfg(test)]
mod tests {
    use super::repeated_blocks;

    fn blocks(text: &str, min_rounds: usize) -> Vec<(String, usize)> {
        let items: Vec<char> = text.chars().collect();
        repeated_blocks(&items, 8, min_rounds)
            .into_iter()
            .map(|(block, rounds)| (block.iter().collect(), rounds))
            .collect()
    }

    #[test]
    fn finds_a_loop_between_other_states() {
        assert_eq!(
            blocks("SABABABE", 2),
            [("S".into(), 1), ("AB".into(), 3), ("E".into(), 1)]
        );
        // Two rounds are enough for the playground's path, not for the CLI's three.
        assert_eq!(blocks("SABABE", 2)[1], ("AB".into(), 2));
        assert_eq!(blocks("SABABE", 3).len(), 6);
    }

    #[test]
    fn prefers_the_block_that_covers_most_and_the_shortest_of_those() {
        assert_eq!(blocks("AAAA", 2), [("A".into(), 4)]);
        assert_eq!(blocks("ABABABAB", 2), [("AB".into(), 4)]);
        // A round that differs breaks the run and is shown.
        assert_eq!(
            blocks("ABABACAB", 2),
            [
                ("AB".into(), 2),
                ("A".into(), 1),
                ("C".into(), 1),
                ("A".into(), 1),
                ("B".into(), 1)
            ]
        );
    }

    #[test]
    fn gives_back_every_item() {
        for text in ["", "A", "ABCABCABCX", "XYXYXYXYZZZZ", "ABCDEFGHIABCDEFGHI"] {
            let joined: String = blocks(text, 2)
                .into_iter()
                .map(|(block, rounds)| block.repeat(rounds))
                .collect();
            assert_eq!(joined, text);
        }
        // Blocks longer than `max_len` are not looked for.
        assert_eq!(blocks("ABCDEFGHIABCDEFGHI", 2).len(), 18);
    }
}
