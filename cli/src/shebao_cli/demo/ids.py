"""Valid identity numbers and credit codes of the demo's fictional people and employers."""

DEMO_IDS = {
    "li_na": "440304198503120021",  # employee, registered on time
    "wang_wei": "440304199207180032",  # employee, registered late
    "zhang_min": "440305198801010046",  # flexible worker
    "chen_jian": "440300195505050056",  # retiree, later resettled in Shanghai
    "zhao_lei": "510122197811110082",  # employee, reported but not registered
}

DEMO_EMPLOYER = "91440300MA5F000007"
