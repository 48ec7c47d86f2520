-- A ballot's random rowid was drawn among the positive ones, where the questionnaires'
-- rowids are assigned as the largest so far plus one: a ballot that drew the largest
-- rowid made the next questionnaire response's rowid follow it, telling when the ballot
-- came. Ballots now draw their rowids below zero and the other responses are given theirs
-- from 1 up (storage::responses::next_rowid); the ballots stored before move down here
-- (docs/trust.md, the secret ballot).
UPDATE responses
SET rowid = -1 - (random() & 9223372036854775807)
WHERE rowid >= 0
  AND survey_id IN (SELECT id FROM surveys WHERE json_extract(definition, '$.kind') = 'ballot');
