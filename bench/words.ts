// The word banks of the generated blogs: Korean and English sentences, topics, tags, code blocks, math, headings.
// Bench data only: constants, never code that draws from them.

export type Lang = 'ko' | 'en'

export const KO_SENTENCES = [
  '오늘은 강의를 듣고 정리하는 데 대부분의 시간을 썼다.',
  '피어세션에서 서로의 코드를 리뷰하며 놓쳤던 부분을 찾았다.',
  '모델이 생각보다 느려서 프로파일링부터 다시 해 보기로 했다.',
  '배치 크기를 줄이니 메모리 문제는 사라졌지만 학습이 불안정해졌다.',
  '검증 정확도가 더 이상 오르지 않아 학습률 스케줄을 바꿔 봤다.',
  '데이터 전처리 파이프라인을 함수 단위로 쪼개고 테스트를 붙였다.',
  '어제 막혔던 부분은 차원을 잘못 맞춘 탓이었다.',
  '멘토링 시간에 실험 기록을 남기는 습관이 중요하다는 이야기를 들었다.',
  '논문의 핵심 아이디어는 단순하지만 구현 세부가 까다롭다.',
  '코딩 테스트 문제는 그리디로 풀리는 줄 알았는데 반례가 있었다.',
  '팀 회의에서 역할을 다시 나누고 다음 주 목표를 정했다.',
  '그래프를 그려 보니 과적합이 시작되는 지점이 분명히 보였다.',
  '양자화 후 정확도 하락 폭이 예상보다 커서 원인을 찾는 중이다.',
  '주말 동안 밀린 과제를 정리하고 블로그 글을 손봤다.',
  '새로 배운 개념을 내 말로 다시 써 보니 이해가 훨씬 단단해졌다.',
  '도커 이미지를 줄이려고 멀티 스테이지 빌드를 적용했다.',
  '실험 결과를 표로 정리해서 팀 노션에 올렸다.',
  '내일은 오전에 집중해서 남은 구현을 끝내고 싶다.',
  '오랜만에 알고리즘 문제를 세 개나 풀어서 기분이 좋다.',
  '발표 자료를 만들면서 내가 모르는 부분이 어디인지 드러났다.',
  '지식 증류에서 온도를 키우면 분포가 평평해진다는 점이 흥미로웠다.',
  '토크나이저를 바꾸니 시퀀스 길이가 크게 줄었다.',
  '체크포인트를 잘못 불러와서 한 시간을 날렸다.',
  '로그를 남기는 방식을 바꾸니 디버깅이 한결 쉬워졌다.',
  '수식으로만 보던 역전파를 직접 구현해 보니 감이 왔다.'
]
export const EN_SENTENCES = [
  'Spent most of the day on lectures and turning my notes into something readable.',
  'The peer session caught a bug in my data loader that I had missed for two days.',
  'Profiling showed the bottleneck was the tokenizer, not the model.',
  'Halving the batch size fixed the out-of-memory error but made training noisy.',
  'Validation accuracy plateaued, so I tried a cosine learning-rate schedule.',
  'Split the preprocessing into small functions and added tests for each.',
  'The shape mismatch from yesterday was a transposed matrix, of course.',
  'My mentor stressed keeping an experiment log, and I finally started one.',
  'The paper has a simple core idea and a lot of fiddly implementation details.',
  'The greedy solution looked right until a counterexample showed up.',
  'We re-split the team roles and set goals for next week.',
  'Plotting the curves made the point where overfitting starts obvious.',
  'Accuracy dropped more than expected after quantization; still investigating.',
  'Caught up on assignments over the weekend and tidied the blog.',
  'Writing the concept down in my own words made it stick.',
  'A multi-stage Docker build cut the image size by two thirds.',
  'Put the experiment results in a table on the team wiki.',
  'Tomorrow morning I want to finish the remaining implementation first.',
  'Solved three algorithm problems today, which felt good.',
  'Making the slides showed me exactly which parts I do not understand yet.'
]
export const TOPICS_KO = [
  '모델 경량화',
  '자연어 처리',
  '컴퓨터 비전',
  '추천 시스템',
  '데이터 엔지니어링',
  'MLOps',
  '딥러닝 기초'
]
export const TOPICS_EN = [
  'pruning',
  'quantization',
  'distillation',
  'transformers',
  'object detection',
  'recommenders',
  'feature stores'
]
export const PAPERS = [
  'MobileNetV2',
  'EfficientNet',
  'BERT',
  'ViT',
  'ResNet',
  'LoRA',
  'DistilBERT',
  'YOLOv3',
  'U-Net',
  'Attention Is All You Need'
]
export const TAGS = [
  'daily-log',
  'pytorch',
  'python',
  'algorithm',
  'deep-learning',
  'nlp',
  'cv',
  'mlops',
  'docker',
  'til',
  'paper-review'
]
export const CODE_BLOCKS = [
  '```python\nimport torch\n\nmodel = torch.hub.load("pytorch/vision", "resnet50", weights="IMAGENET1K_V2")\nsparsity = sum((p == 0).sum().item() for p in model.parameters()) / sum(p.numel() for p in model.parameters())\nprint(f"sparsity: {sparsity:.2%}")\n```',
  '```python\ndef greedy(meetings):\n    meetings.sort(key=lambda m: (m[1], m[0]))\n    end, count = 0, 0\n    for s, e in meetings:\n        if s >= end:\n            end, count = e, count + 1\n    return count\n```',
  '```bash\ndocker build -t trainer:latest --target runtime .\ndocker run --gpus all -v "$PWD/data:/data" trainer:latest python train.py --epochs 20\n```',
  '```javascript\nconst scores = results.map(r => r.f1).sort((a, b) => b - a)\nconsole.log(`best f1: ${scores[0].toFixed(3)}`)\n```',
  "```sql\nSELECT user_id, COUNT(*) AS views\nFROM events\nWHERE event = 'view' AND ts >= NOW() - INTERVAL '7 days'\nGROUP BY user_id\nORDER BY views DESC\nLIMIT 20;\n```",
  // A post template kept in a code block: the task items in it are not tasks.
  '```markdown\n## 오늘 한 일\n- [x] 끝낸 일\n- [ ] 할 일을 여기에 적기\n    - 세부 내용\n\n## 내일 할 일\n- [ ] 할 일을 여기에 적기\n```',
  '```yaml\ntrainer:\n  max_epochs: 30\n  precision: 16-mixed\n  accumulate_grad_batches: 4\n```'
]
export const MATH = [
  '$$\n\\mathcal{L} = (1 - \\alpha)\\, \\mathrm{CE}(y, p_s) + \\alpha\\, T^{2}\\, \\mathrm{KL}(p_t^{(T)} \\,\\|\\, p_s^{(T)})\n$$',
  '$$\n25.6 \\times 10^{6} \\times 4\\ \\text{B} \\approx 102\\ \\text{MB}\n$$'
]
export const TODAY_HEADINGS = {
  ko: ['## 오늘 한 일', '## ✅ 오늘 한 일', '**오늘 한 일**', '### 오늘 한 일'],
  en: ['## Today', '## Done today', '### 📝 Today']
}
export const TOMORROW_HEADINGS = {
  ko: ['## 내일 할 일', '## 📌 내일 할 일', '**내일 할 일**', '### 내일 할 일'],
  en: ['## Tomorrow', '### Todo for tomorrow', '## Next']
}
