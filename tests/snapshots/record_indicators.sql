-- view births_x
SELECT r.*, i.synthetic, year(r.birth_date) AS year, coalesce(r.pregnancy_id, r.child_id) AS pregnancy_key, h.p10 AS hoftiezer_p10, r.gestational_age_days < 259 AS preterm, coalesce(r.birth_weight_g < h.p10, false) AS sga, r.gestational_age_days < 259 OR coalesce(r.birth_weight_g < h.p10, false) AS big2, r.vital_status = 'levend' AS live, r.gestational_age_days >= 168 AND (r.vital_status = 'doodgeboren' OR coalesce(date_diff('day', r.birth_date, r.death_date) < 7, false)) AS perinatal_death, r.start_care_ga_days > 70 AS late_care, r.start_care_ga_days < 70 AS early_care, row_number() OVER (PARTITION BY coalesce(r.pregnancy_id, r.child_id) ORDER BY r.birth_date, r.child_id) = 1 AS first_of_pregnancy FROM rec_births r JOIN imports i ON i.import_id = r.import_id LEFT JOIN ref_hoftiezer h ON h.sex = r.sex AND h.ga_days = least(r.gestational_age_days, 294);

-- view households_x
SELECT r.*, i.synthetic, r.birth_year AS year, r.income_percentile < 10 AS low_income, r.income_percentile < 10 OR r.single_parent OR r.parent_debt AS vulnerable_any FROM rec_households r JOIN imports i ON i.import_id = r.import_id;

-- view children_x
SELECT r.*, i.synthetic, r.youth_protection AND r.residential_care AS placed FROM rec_children r JOIN imports i ON i.import_id = r.import_id;

-- view jgz_x
SELECT r.*, i.synthetic, year(r.contact_date) AS year, (r.age_days / 365.25) AS age_years, (r.weight_kg / ((r.height_cm / 100) * (r.height_cm / 100))) AS bmi, CASE WHEN lo.age_years IS NULL THEN NULL WHEN (r.age_days / 365.25) = lo.age_years THEN lo.overweight ELSE lo.overweight + (hi.overweight - lo.overweight) * ((r.age_days / 365.25) - lo.age_years) / 0.5 END AS iotf_overweight_cutoff, CASE WHEN lo.age_years IS NULL THEN NULL WHEN (r.age_days / 365.25) = lo.age_years THEN lo.obese ELSE lo.obese + (hi.obese - lo.obese) * ((r.age_days / 365.25) - lo.age_years) / 0.5 END AS iotf_obese_cutoff, (r.weight_kg / ((r.height_cm / 100) * (r.height_cm / 100))) >= CASE WHEN lo.age_years IS NULL THEN NULL WHEN (r.age_days / 365.25) = lo.age_years THEN lo.overweight ELSE lo.overweight + (hi.overweight - lo.overweight) * ((r.age_days / 365.25) - lo.age_years) / 0.5 END AS overweight, (r.weight_kg / ((r.height_cm / 100) * (r.height_cm / 100))) >= CASE WHEN lo.age_years IS NULL THEN NULL WHEN (r.age_days / 365.25) = lo.age_years THEN lo.obese ELSE lo.obese + (hi.obese - lo.obese) * ((r.age_days / 365.25) - lo.age_years) / 0.5 END AS obese, r.vw_zinnen = '-' AND r.vw_lichaamsdelen = '-' AS speech_negative, r.vw_zinnen IS NOT NULL AND r.vw_lichaamsdelen IS NOT NULL AS speech_known FROM rec_jgz r JOIN imports i ON i.import_id = r.import_id LEFT JOIN ref_iotf lo ON lo.sex = r.sex AND lo.age_years = floor((r.age_days / 365.25) * 2) / 2 LEFT JOIN ref_iotf hi ON hi.sex = r.sex AND hi.age_years = lo.age_years + 0.5;

-- ks07 (ks.yaml:196)
SELECT CAST((gemeente_code) AS VARCHAR) AS area_code, CAST((year(birth_date)) AS INTEGER) AS year, coalesce(count_if((gestational_age_days >= 154 AND first_of_pregnancy)), 0) AS c0, coalesce(count_if(((gestational_age_days >= 154 AND first_of_pregnancy) AND (late_care))), 0) AS c1, coalesce(bool_or(synthetic AND (gestational_age_days >= 154 AND first_of_pregnancy)), false) AS s_c0 FROM births_x GROUP BY ALL;

-- ks08 (ks.yaml:239)
SELECT CAST((gemeente_code) AS VARCHAR) AS area_code, CAST((birth_year) AS INTEGER) AS year, coalesce(count_if((true)), 0) AS c0, coalesce(count_if(((true) AND (mother_debt))), 0) AS c1, coalesce(bool_or(synthetic AND (true)), false) AS s_c0 FROM households_x GROUP BY ALL;

-- ks10 (ks.yaml:304)
SELECT CAST((gemeente_code) AS VARCHAR) AS area_code, CAST((birth_year) AS INTEGER) AS year, coalesce(count_if((true)), 0) AS c0, coalesce(count_if(((true) AND (NOT kraamzorg))), 0) AS c1, coalesce(bool_or(synthetic AND (true)), false) AS s_c0 FROM households_x GROUP BY ALL;

-- ks11.a (ks.yaml:374)
SELECT CAST((gemeente_code) AS VARCHAR) AS area_code, CAST((birth_year) AS INTEGER) AS year, coalesce(count_if((true)), 0) AS c0, coalesce(count_if(((true) AND (low_income))), 0) AS c1, coalesce(bool_or(synthetic AND (true)), false) AS s_c0 FROM households_x GROUP BY ALL;

-- ks11.b (ks.yaml:383)
SELECT CAST((gemeente_code) AS VARCHAR) AS area_code, CAST((birth_year) AS INTEGER) AS year, coalesce(count_if((true)), 0) AS c0, coalesce(count_if(((true) AND (single_parent))), 0) AS c1, coalesce(bool_or(synthetic AND (true)), false) AS s_c0 FROM households_x GROUP BY ALL;

-- ks11.c (ks.yaml:392)
SELECT CAST((gemeente_code) AS VARCHAR) AS area_code, CAST((birth_year) AS INTEGER) AS year, coalesce(count_if((true)), 0) AS c0, coalesce(count_if(((true) AND (parent_debt))), 0) AS c1, coalesce(bool_or(synthetic AND (true)), false) AS s_c0 FROM households_x GROUP BY ALL;

-- ks11.d (ks.yaml:403)
SELECT CAST((gemeente_code) AS VARCHAR) AS area_code, CAST((birth_year) AS INTEGER) AS year, coalesce(count_if((true)), 0) AS c0, coalesce(count_if(((true) AND (vulnerable_any))), 0) AS c1, coalesce(bool_or(synthetic AND (true)), false) AS s_c0 FROM households_x GROUP BY ALL;

-- ks12.a (ks.yaml:458)
SELECT CAST((gemeente_code) AS VARCHAR) AS area_code, CAST((year(birth_date)) AS INTEGER) AS year, coalesce(count_if((gestational_age_days >= 154)), 0) AS c0, coalesce(count_if(((gestational_age_days >= 154) AND (preterm OR sga))), 0) AS c1, coalesce(bool_or(synthetic AND (gestational_age_days >= 154)), false) AS s_c0 FROM births_x GROUP BY ALL;

-- ks12.b (ks.yaml:466)
SELECT CAST((gemeente_code) AS VARCHAR) AS area_code, CAST((year(birth_date)) AS INTEGER) AS year, coalesce(count_if((gestational_age_days >= 168)), 0) AS c0, coalesce(count_if(((gestational_age_days >= 168) AND (preterm OR sga))), 0) AS c1, coalesce(bool_or(synthetic AND (gestational_age_days >= 168)), false) AS s_c0 FROM births_x GROUP BY ALL;

-- ks12.c (ks.yaml:480)
SELECT CAST((gemeente_code) AS VARCHAR) AS area_code, CAST((year(birth_date)) AS INTEGER) AS year, coalesce(count_if((gestational_age_days >= 154 AND live)), 0) AS c0, coalesce(count_if(((gestational_age_days >= 154 AND live) AND (preterm OR sga))), 0) AS c1, coalesce(bool_or(synthetic AND (gestational_age_days >= 154 AND live)), false) AS s_c0 FROM births_x GROUP BY ALL;

-- ks12.d (ks.yaml:494)
SELECT CAST((gemeente_code) AS VARCHAR) AS area_code, CAST((year(birth_date)) AS INTEGER) AS year, coalesce(count_if((gestational_age_days >= 168 AND live)), 0) AS c0, coalesce(count_if(((gestational_age_days >= 168 AND live) AND (preterm OR sga))), 0) AS c1, coalesce(bool_or(synthetic AND (gestational_age_days >= 168 AND live)), false) AS s_c0 FROM births_x GROUP BY ALL;

-- ks12.vroeg (ks.yaml:507)
SELECT CAST((gemeente_code) AS VARCHAR) AS area_code, CAST((year(birth_date)) AS INTEGER) AS year, coalesce(count_if((gestational_age_days >= 154)), 0) AS c0, coalesce(count_if(((gestational_age_days >= 154) AND (preterm))), 0) AS c1, coalesce(bool_or(synthetic AND (gestational_age_days >= 154)), false) AS s_c0 FROM births_x GROUP BY ALL;

-- ks12.klein (ks.yaml:517)
SELECT CAST((gemeente_code) AS VARCHAR) AS area_code, CAST((year(birth_date)) AS INTEGER) AS year, coalesce(count_if((gestational_age_days >= 154)), 0) AS c0, coalesce(count_if(((gestational_age_days >= 154) AND (sga))), 0) AS c1, coalesce(bool_or(synthetic AND (gestational_age_days >= 154)), false) AS s_c0 FROM births_x GROUP BY ALL;

-- ks13 (ks.yaml:530)
SELECT CAST((gemeente_code) AS VARCHAR) AS area_code, CAST((year(contact_date)) AS INTEGER) AS year, coalesce(count_if((speech_known)), 0) AS c0, coalesce(count_if(((speech_known) AND (speech_negative))), 0) AS c1, coalesce(bool_or(synthetic AND (speech_known)), false) AS s_c0 FROM jgz_x GROUP BY ALL;

-- ks14 (ks.yaml:568)
SELECT CAST((gemeente_code) AS VARCHAR) AS area_code, CAST((year(contact_date)) AS INTEGER) AS year, coalesce(count_if((overweight IS NOT NULL)), 0) AS c0, coalesce(count_if(((overweight IS NOT NULL) AND (overweight))), 0) AS c1, coalesce(bool_or(synthetic AND (overweight IS NOT NULL)), false) AS s_c0 FROM jgz_x GROUP BY ALL;

-- ks15 (ks.yaml:605)
SELECT CAST((gemeente_code) AS VARCHAR) AS area_code, CAST((year) AS INTEGER) AS year, coalesce(count_if((true)), 0) AS c0, coalesce(count_if(((true) AND (placed))), 0) AS c1, coalesce(bool_or(synthetic AND (true)), false) AS s_c0 FROM children_x GROUP BY ALL;

-- hl01 (haarlem.yaml:13)
SELECT CAST((gemeente_code) AS VARCHAR) AS area_code, CAST((year(birth_date)) AS INTEGER) AS year, coalesce(count_if((gestational_age_days >= 168)), 0) AS c0, coalesce(count_if(((gestational_age_days >= 168) AND (perinatal_death))), 0) AS c1, coalesce(bool_or(synthetic AND (gestational_age_days >= 168)), false) AS s_c0 FROM births_x GROUP BY ALL;

-- hl02 (haarlem.yaml:53)
SELECT CAST((gemeente_code) AS VARCHAR) AS area_code, CAST((year(birth_date)) AS INTEGER) AS year, coalesce(count_if((gestational_age_days >= 168 AND first_of_pregnancy)), 0) AS c0, coalesce(count_if(((gestational_age_days >= 168 AND first_of_pregnancy) AND (early_care))), 0) AS c1, coalesce(bool_or(synthetic AND (gestational_age_days >= 168 AND first_of_pregnancy)), false) AS s_c0 FROM births_x GROUP BY ALL;

-- hl03 (haarlem.yaml:89)
SELECT CAST((gemeente_code) AS VARCHAR) AS area_code, CAST((year(birth_date)) AS INTEGER) AS year, coalesce(count_if((gestational_age_days >= 168)), 0) AS c0, coalesce(count_if(((gestational_age_days >= 168) AND (preterm OR sga))), 0) AS c1, coalesce(bool_or(synthetic AND (gestational_age_days >= 168)), false) AS s_c0 FROM births_x GROUP BY ALL;

-- vw01 (vws.yaml:16)
SELECT CAST((gemeente_code) AS VARCHAR) AS area_code, CAST((year) AS INTEGER) AS year, coalesce(count_if((true)), 0) AS c0, coalesce(count_if(((true) AND (youth_protection))), 0) AS c1, coalesce(bool_or(synthetic AND (true)), false) AS s_c0 FROM children_x GROUP BY ALL;
