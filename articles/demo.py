"""Demo content for this app, written fresh from the facts in the seed documents.

The council's library: pieces by its executive director, a member and a working group on
authority, crises, engagement metrics, the first two years in the role, customer strategy, CEO
buy-in and innovation; conversations with Jay Topper (three excerpts), Peter Quinn and Helen
Burt (two each), Jennifer Maul and Jasmine Green; the recap of Totango's summit that CMSWire
first published. Every date is fixed, so a second run changes nothing.
"""

import datetime
import zoneinfo

from django.db import transaction

from articles import services
from articles.models import Article, ArticleAuthor, Author, Exchange, Series

NEW_YORK = zoneinfo.ZoneInfo("America/New_York")
RECAP_URL = (
    "https://www.cmswire.com/cms/customer-experience/"
    "how-to-be-a-great-chief-customer-officer-024576.php"
)


def when(year, month, day):
    return datetime.datetime(year, month, day, 9, 0, tzinfo=NEW_YORK)


def p(*paragraphs):
    return "".join(f"<p>{text}</p>" for text in paragraphs)


def h(text):
    return f"<h2>{text}</h2>"


def ul(*items):
    return "<ul>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>"


def ol(*items):
    return "<ol>" + "".join(f"<li>{item}</li>" for item in items) + "</ol>"


def quote(text):
    return f"<blockquote><p>{text}</p></blockquote>"


AUTHORS = {
    "curtis-bingham": {
        "name": "Curtis Bingham",
        "job_title": "Executive Director",
        "organisation": "CCO Council",
        "bio": (
            "Curtis Bingham leads the CCO Council and interviews its members about what works. "
            "His model of positional, borrowed and earned authority frames much of the "
            "council's research."
        ),
    },
    "jasmine-green": {
        "name": "Jasmine Green",
        "job_title": "Vice President and Chief Customer Advocate",
        "organisation": "Nationwide Insurance",
        "bio": (
            "Jasmine Green speaks for customers across every Nationwide business unit and is "
            "a member of the CCO Council."
        ),
    },
    "council-working-group": {
        "name": "CCO Council Working Group",
        "job_title": "Member research group",
        "organisation": "CCO Council",
        "bio": (
            "Council members who meet to study one question in depth (engagement, metrics, "
            "the shape of the role) and publish what they agree on."
        ),
    },
}

SERIES = {
    "jay-topper-on-usage-authority-and-engagement": {
        "title": "Jay Topper on usage, authority and engagement",
        "description": (
            "Three excerpts from a long interview with the head of customer success at "
            "Rosetta Stone: balancing cost against relationships, building earned authority, "
            "and engaging customers one at a time."
        ),
    },
    "peter-quinn-on-winning-over-peers": {
        "title": "Peter Quinn on winning over peers",
        "description": (
            "Two conversations with Lawson's (later Infor's) chief customer officer about "
            "influence, a first year full of doubters, and how he won them round."
        ),
    },
    "helen-burt-on-trust-at-pge": {
        "title": "Helen Burt on trust at PG&E",
        "description": (
            "Two conversations with Pacific Gas and Electric's chief customer officer: "
            "research that drives engagement, and rebuilding trust after a disaster."
        ),
    },
}

# title, slug, kind, author slugs, date, tags, summary, body; optional series/part/source.
ARTICLES = [
    {
        "slug": "six-questions-for-your-engagement-plan",
        "title": "Six questions to put to your customer engagement plan",
        "authors": ["curtis-bingham"],
        "date": when(2014, 9, 8),
        "tags": ["Customer engagement", "Customer strategy"],
        "summary": (
            "Before you redesign or relaunch an engagement programme, check it against six "
            "areas that decide whether it will last."
        ),
        "body": h("Use the questions as a gate")
        + p(
            "Engagement plans rarely fail for lack of ideas. They fail because nobody asked, "
            "early enough, whether the plan fits the company that has to carry it out.",
            "Run your plan past these six areas before it goes to the executive team:",
        )
        + ol(
            "Purpose: which customer outcome improves, and how will you know?",
            "Segments: which customers matter most, and are they the ones you are engaging?",
            "Channels: where do those customers already spend their attention?",
            "Ownership: who in each department answers for their part of the plan?",
            "Measures: which two or three numbers will you report every quarter?",
            "Funding: what happens to the plan if the budget is cut by a third?",
        )
        + p("A plan that has a crisp answer to each of these is ready to be argued for."),
    },
    {
        "slug": "three-steps-when-a-customer-crisis-strikes",
        "title": "Three steps to take when a customer crisis strikes",
        "authors": ["curtis-bingham"],
        "date": when(2014, 7, 14),
        "tags": ["Crisis response"],
        "summary": "A crisis gives no warning. Three moves limit the harm in the first days.",
        "body": p(
            "The first hours of a customer crisis decide whether customers see a company that "
            "is in control or one that is hiding.",
        )
        + ol(
            "<strong>Say what you know, quickly.</strong> Silence is filled by rumour.",
            "<strong>Name one owner.</strong> Customers and staff need a single voice.",
            "<strong>Show the fix, not just the apology.</strong> Report progress on a "
            "schedule and keep to it.",
        )
        + p("None of this can be improvised well. Write it down before you need it."),
    },
    {
        "slug": "four-practices-for-customer-crisis-management",
        "title": "Four practices for managing a customer crisis",
        "authors": ["curtis-bingham"],
        "date": when(2012, 3, 19),
        "tags": ["Crisis response", "Customer trust"],
        "summary": (
            "Tools every chief customer officer should keep ready, whatever shape the next "
            "crisis takes."
        ),
        "body": h("Prepare the tools before the storm")
        + p(
            "Crises differ in their causes but rhyme in their effects: confused customers, "
            "anxious employees and a story that runs ahead of the facts."
        )
        + ul(
            "A contact tree that reaches every customer-facing leader within an hour.",
            "Pre-approved holding statements for the five most likely scenarios.",
            "A listening post that gathers what customers say on every channel.",
            "A recovery scorecard, agreed in advance, so that the board sees progress.",
        )
        + quote(
            "The moment to build trust with your own executives is before the crisis, not "
            "during it."
        )
        + p("Review the kit twice a year and rehearse it once."),
    },
    {
        "slug": "why-cx-directors-need-a-cco",
        "title": "Why a customer experience director needs a CCO above them",
        "authors": ["curtis-bingham"],
        "date": when(2013, 11, 4),
        "tags": ["CCO role", "Customer experience"],
        "summary": (
            "Without an executive who owns the customer, a customer experience director "
            "has responsibility but no reach."
        ),
        "body": p(
            "Customer experience directors are asked to change journeys that cross sales, "
            "service, billing and product. Each of those functions reports somewhere else.",
            "A chief customer officer gives the director a seat at the table where priorities "
            "are traded. Without one, the best experience design waits in a queue behind "
            "every department's own plans.",
        ),
    },
    {
        "slug": "measuring-expected-change-in-customer-value",
        "title": "Measuring the expected change in customer value",
        "authors": ["council-working-group"],
        "date": when(2013, 5, 20),
        "tags": ["Metrics", "ROI"],
        "summary": (
            "Put customer investments on the same footing as every other bet the company "
            "makes: forecast the change in customer value they buy."
        ),
        "body": h("Speak the language of capital allocation")
        + p(
            "Leadership compares projects by what they return. Customer programmes that "
            "report satisfaction scores alone lose that comparison by default.",
            "Estimate, for each programme, how retention, share of wallet and cost to serve "
            "would move, and turn those moves into a change in the value of the customer base.",
        )
        + ul(
            "Start from last year's actual value per segment.",
            "Model the change conservatively and show the range.",
            "Revisit the forecast after two quarters and publish the variance.",
        ),
    },
    {
        "slug": "proving-value-with-loyalty-and-revenue-history",
        "title": "Prove your value with the history of loyalty and revenue",
        "authors": ["curtis-bingham"],
        "date": when(2013, 2, 11),
        "tags": ["Metrics", "Key accounts"],
        "summary": (
            "Trends you already hold, especially for key accounts, are the quickest evidence "
            "a customer executive can bring."
        ),
        "body": p(
            "You do not need a new survey to show that loyal customers are worth more. Your "
            "finance system already records who renewed, who expanded and who left.",
            "Line those records up against the loyalty signals you track and the pattern for "
            "your largest accounts usually speaks for itself.",
        ),
    },
    {
        "slug": "what-really-changes-customer-behaviour",
        "title": "What really changes customer behaviour",
        "authors": ["council-working-group"],
        "date": when(2012, 10, 1),
        "tags": ["Behaviour change", "Customer insight"],
        "summary": (
            "Google and Microsoft guessed wrong about why people would watch their energy use; "
            "oPower asked, and succeeded."
        ),
        "body": p(
            "Two technology giants built home energy dashboards on the assumption that people "
            "wanted data. Few used them. oPower sent neighbours' comparisons instead, and "
            "households changed their habits.",
            "The lesson for any customer leader: test the motive before you build the tool.",
        ),
    },
    {
        "slug": "one-tweet-one-lost-suitcase",
        "title": "One tweet, one lost suitcase, one very public lesson",
        "authors": ["curtis-bingham"],
        "date": when(2013, 9, 9),
        "tags": ["Social media", "Listening"],
        "summary": (
            "When British Airways lost the luggage of Hasan Syed's parents, a paid tweet "
            "showed how much power a single customer now holds."
        ),
        "body": p(
            "The bags went missing between Chicago and Paris. The complaint that followed was "
            "a promoted tweet that thousands read before the airline answered.",
            "Ask yourself who listens to your customers at night and at weekends, and what "
            "they are allowed to do about what they hear.",
        ),
    },
    {
        "slug": "hiring-a-cco-what-boards-should-look-for",
        "title": "Hiring a CCO: what the CEO and the board should look for",
        "authors": ["curtis-bingham"],
        "date": when(2014, 2, 3),
        "tags": ["CCO role", "Hiring"],
        "summary": (
            "Customer experience on a résumé is not enough. These traits belong in the hiring "
            "criteria."
        ),
        "body": h("Beyond the résumé")
        + ul(
            "Has changed how a company behaves, not only how it measures.",
            "Can argue a business case with the CFO in the CFO's terms.",
            "Builds coalitions with peers who do not report to them.",
            "Stays patient through a two-year payback without losing urgency.",
        )
        + p("Interview for evidence of each, and ask peers what they saw."),
    },
    {
        "slug": "standing-out-in-the-c-suite",
        "title": "A self-check for standing out in the C-suite",
        "authors": ["curtis-bingham"],
        "date": when(2013, 7, 22),
        "tags": ["CCO role", "Authority"],
        "summary": (
            "The executive suite is noisy. Rate yourself on these criteria to raise your odds "
            "of being heard."
        ),
        "body": p(
            "Score yourself from one to five on each line, then ask a trusted peer to score "
            "you too. The gap between the two is where to work first."
        )
        + ol(
            "My priorities are written in terms of company goals.",
            "My peers can name the two things I am trying to change this year.",
            "I bring a customer fact to every executive meeting.",
            "I have delivered one visible win in the last six months.",
        ),
    },
    {
        "slug": "borrowed-authority-five-strategies",
        "title": "Borrowed Authority: five strategies for winning a champion",
        "authors": ["curtis-bingham"],
        "date": when(2012, 6, 4),
        "tags": ["Authority", "CEO buy-in"],
        "summary": (
            "Customer executives without a strong sponsor spend close to half their time "
            "defending their role. Here is how to borrow authority from above."
        ),
        "body": h("What Borrowed Authority is")
        + p(
            "Borrowed Authority is the weight your work carries because someone senior, "
            "usually the CEO, visibly backs it. It is powerful, and it has to be renewed."
        )
        + h("Five ways to earn it")
        + ol(
            "Tie every initiative to a goal the CEO has already announced.",
            "Give your sponsor customer stories they can retell.",
            "Ask for specific, public signals of support, not general approval.",
            "Report results to your sponsor before anyone else hears them.",
            "Share credit with the peers whose teams did the work.",
        )
        + quote("A sponsor who can tell your story in their own words is worth ten memos."),
    },
    {
        "slug": "four-ways-to-grow-earned-authority",
        "title": "Four ways to grow your Earned Authority",
        "authors": ["curtis-bingham"],
        "date": when(2012, 8, 13),
        "tags": ["Authority"],
        "summary": (
            "Of positional, borrowed and earned authority, only the last keeps growing with "
            "your results. Do not leave your tenure to chance."
        ),
        "body": p(
            "Earned Authority is recognition of value you have already delivered. Unlike a "
            "title or a sponsor, it cannot be taken away in a reorganisation."
        )
        + ul(
            "Pick early wins that your peers care about, not only you.",
            "Make your results easy to verify.",
            "Repeat success in more than one part of the business.",
            "Teach others to use your methods so the wins multiply.",
        ),
    },
    {
        "slug": "the-ccos-greatest-problems",
        "title": "The CCO's greatest problems, and ways through them",
        "authors": ["council-working-group"],
        "date": when(2011, 10, 17),
        "tags": ["CCO role"],
        "summary": ("Members named the obstacles they meet most often and how they got past them."),
        "body": ul(
            "<strong>Unclear mandate.</strong> Write a charter and have the CEO sign it.",
            "<strong>No budget of your own.</strong> Fund pilots from the departments that gain.",
            "<strong>Slow payback.</strong> Agree the two-year horizon at the start.",
            "<strong>Data scattered everywhere.</strong> Start with one trusted customer list.",
        ),
    },
    {
        "slug": "the-cco-authority-model",
        "title": "The CCO Authority Model: gain it, grow it, use it",
        "authors": ["curtis-bingham"],
        "date": when(2011, 5, 2),
        "tags": ["Authority", "Customer strategy"],
        "summary": (
            "The chief customer officer is the company's authority on its customers. The "
            "Bingham CCO Authority Model shows how that authority is won and spent."
        ),
        "body": h("Three sources, one reservoir")
        + p(
            "Positional Authority comes with the org chart. Borrowed Authority comes from a "
            "champion above you. Earned Authority comes from what you have delivered.",
            "Think of them as streams filling one reservoir. Spend from it to move the "
            "organisation, and refill it with every result.",
        )
        + quote("Authority unused fades; authority overspent runs dry."),
    },
    {
        "slug": "seven-strategies-for-a-customer-serving-culture",
        "title": "Seven strategies for a culture that serves customers",
        "authors": ["jasmine-green"],
        "date": when(2014, 4, 21),
        "tags": ["Culture", "Change management"],
        "summary": (
            "Better experiences do not last without a change in culture. Seven ways to "
            "overcome resistance and bring every employee into serving customers."
        ),
        "body": ol(
            "Let employees hear customers directly, every month.",
            "Celebrate the people who fix problems across departments.",
            "Give front-line staff a budget to make things right.",
            "Put a customer measure in every leader's objectives.",
            "Retire one policy a quarter that customers hate.",
            "Tell stories, not statistics, in company meetings.",
            "Hire for empathy as deliberately as for skill.",
        ),
    },
    {
        "slug": "seven-areas-where-cco-work-shows-in-revenue",
        "title": "Seven areas where CCO work shows up in revenue",
        "authors": ["council-working-group"],
        "date": when(2014, 6, 16),
        "tags": ["Metrics", "ROI"],
        "summary": (
            "The link between customer initiatives and profit is now clear enough to monitor "
            "in these seven places."
        ),
        "body": ul(
            "Renewal rate of at-risk accounts",
            "Expansion revenue from existing customers",
            "Referral-sourced pipeline",
            "Cost to serve per customer",
            "Time to first value for new customers",
            "Win rate against named competitors",
            "Price realisation at renewal",
        ),
    },
    {
        "slug": "how-riot-games-shapes-player-behaviour",
        "title": "How Riot Games shapes player behaviour",
        "authors": ["council-working-group"],
        "date": when(2013, 4, 8),
        "tags": ["Customer engagement", "Behaviour change"],
        "summary": (
            "A quick look at how League of Legends is tuned to change how players act and to "
            "deepen their engagement."
        ),
        "body": p(
            "Riot Games treats its game as a living system. When players behave badly, the "
            "studio changes the rules, the rewards and the feedback players see.",
            "Few companies can redesign their product weekly, but any can ask which behaviour "
            "they reward without meaning to.",
        ),
    },
    {
        "slug": "how-oracle-engages-its-top-customers",
        "title": "How Oracle engages the customers who carry its revenue",
        "authors": ["council-working-group"],
        "date": when(2012, 11, 26),
        "tags": ["Key accounts", "Customer engagement"],
        "summary": (
            "A look at the programmes Oracle runs for the small group of accounts that bring "
            "in most of its revenue."
        ),
        "body": p(
            "For a company of Oracle's size, a few hundred accounts decide the year. Each has "
            "executive sponsors, advisory boards and early access to product plans.",
            "The question for smaller firms is not scale but focus: do your biggest customers "
            "get a different relationship, or only a bigger discount?",
        ),
    },
    {
        "slug": "stories-from-metlifes-customer-community",
        "title": "Stories from MetLife's customer community",
        "authors": ["council-working-group"],
        "date": when(2013, 1, 14),
        "tags": ["Community", "Customer insight"],
        "summary": (
            "MetLife's customer community tells the company what customers value and sharpens "
            "its marketing."
        ),
        "body": p(
            "MetLife invites customers into an online community where they react to ideas, "
            "share their worries and test messages before they launch.",
            "The stories that come back change product wording, campaign timing and the "
            "questions agents ask.",
        ),
    },
    {
        "slug": "welcome-to-the-age-of-engagement",
        "title": "Welcome to the age of engagement",
        "authors": ["curtis-bingham"],
        "date": when(2011, 2, 7),
        "tags": ["Customer engagement"],
        "summary": (
            "Customers now expect a say in the brand and its strategy, not only good service."
        ),
        "body": p(
            "Great service used to be the finish line. Now customers expect to be consulted, "
            "to co-create and to see their ideas shipped.",
            "Companies that open the door gain loyalty that a discount cannot buy.",
        ),
    },
    {
        "slug": "who-owns-your-customer-experience",
        "title": "Who owns your customer experience?",
        "authors": ["curtis-bingham"],
        "date": when(2012, 1, 23),
        "tags": ["Customer experience", "CCO role"],
        "summary": (
            "Examples of companies that take ownership of their experience, and some that do not."
        ),
        "body": p(
            "When an experience breaks between two departments, somebody has to own the gap. "
            "In the companies that do this well, that somebody has a name and a budget.",
        ),
    },
    {
        "slug": "three-tactics-for-turbulent-times",
        "title": "Three tactics of customer leaders in turbulent times",
        "authors": ["council-working-group"],
        "date": when(2009, 4, 20),
        "tags": ["Crisis response", "Recession"],
        "summary": (
            "In hard times customer initiatives are the first to be shelved. Successful "
            "executives kept theirs alive this way."
        ),
        "body": ol(
            "They cut programmes customers do not notice before ones they do.",
            "They moved their best people closer to their best customers.",
            "They reported savings and retention in the same sentence.",
        ),
    },
    {
        "slug": "customer-strategy-defined",
        "title": "Customer strategy, defined",
        "authors": ["curtis-bingham"],
        "date": when(2010, 9, 13),
        "tags": ["Customer strategy"],
        "summary": "What a customer strategy is, and the parts it is made of.",
        "body": h("The parts")
        + ul(
            "Which customers you choose to serve, and which you do not.",
            "What you promise each group, and what it costs you to keep the promise.",
            "How you will grow the value of each relationship over time.",
        )
        + p("Everything else, from channels to campaigns, is execution."),
    },
    {
        "slug": "the-trouble-with-internal-customers",
        "title": "The trouble with “internal customers”",
        "authors": ["curtis-bingham"],
        "date": when(2013, 3, 25),
        "tags": ["Culture", "Customer strategy"],
        "summary": (
            "Calling colleagues customers turns attention inward, rewards the wrong numbers "
            "and quietly derails strategy."
        ),
        "body": p(
            "Departments that serve each other as “customers” measure how happy their "
            "colleagues are. Real customers appear nowhere in the score.",
            "Replace internal service levels with shared measures of the outcome the paying "
            "customer receives.",
        ),
    },
    {
        "slug": "a-cco-is-not-a-complaint-officer",
        "title": "A CCO is not a complaint officer",
        "authors": ["curtis-bingham"],
        "date": when(2012, 4, 30),
        "tags": ["CCO role"],
        "summary": (
            "Handling complaints matters, but a CCO who owns it alone lets the rest of the "
            "company hand over its responsibility for customers."
        ),
        "body": p(
            "Three reasons to keep complaints in the line, not in the CCO's office:",
        )
        + ol(
            "Every department causes complaints, so every department should fix them.",
            "A complaint desk makes the CCO look like a cost, not a growth leader.",
            "Advocacy without authority to change processes becomes a polite apology.",
        ),
    },
    {
        "slug": "social-engagement-and-the-bottom-line",
        "title": "Social engagement and the bottom line",
        "authors": ["council-working-group"],
        "date": when(2013, 10, 14),
        "tags": ["Social media", "Metrics"],
        "summary": (
            "A new study is among the first to tie customer engagement on social media to a "
            "firm's financial results."
        ),
        "body": p(
            "The researchers followed customers who joined a brand's social community and "
            "compared their spending with similar customers who did not.",
            "Members spent more and stayed longer. The effect was modest but real, and it "
            "gives CCOs a number to bring to the budget meeting.",
        ),
    },
    {
        "slug": "seven-ways-to-win-ceo-buy-in",
        "title": "Seven ways to win your CEO's buy-in",
        "authors": ["curtis-bingham"],
        "date": when(2014, 1, 13),
        "tags": ["CEO buy-in", "Authority"],
        "summary": (
            "The struggle for the CEO's support holds back many customer executives. Seven "
            "ways to put senior leaders in front of customer issues."
        ),
        "body": ol(
            "Take the CEO on customer visits, including to unhappy customers.",
            "Play recorded support calls at the executive meeting.",
            "Have each executive own one key account relationship.",
            "Share a weekly one-page customer digest.",
            "Invite customers to speak at leadership offsites.",
            "Show the revenue at risk, by name, every quarter.",
            "Celebrate executives who fix customer problems.",
        )
        + quote("Passion for customers is caught, not taught."),
    },
    {
        "slug": "seven-challenges-of-a-strategic-customer-metric",
        "title": "Seven challenges in setting one strategic customer metric",
        "authors": ["council-working-group"],
        "date": when(2011, 8, 8),
        "tags": ["Metrics", "Customer strategy"],
        "summary": (
            "A single universal customer metric lets a company set a baseline, prioritise and "
            "improve. Getting there means overcoming seven obstacles."
        ),
        "body": ol(
            "Agreeing what the metric should predict",
            "Finding data that every unit trusts",
            "Setting a baseline before targets",
            "Resisting the urge to add more measures",
            "Linking it to pay without gaming it",
            "Explaining it to the board",
            "Keeping it stable long enough to learn",
        ),
    },
    {
        "slug": "using-data-to-prove-value-in-the-first-two-years",
        "title": "Using data to prove your value in the first two years",
        "authors": ["curtis-bingham"],
        "date": when(2014, 3, 10),
        "tags": ["First two years", "Metrics"],
        "summary": (
            "Successful CCOs agree that data proves their worth early. Three practices keep "
            "the data from becoming the job."
        ),
        "body": h("Three practices")
        + ol(
            "Choose a small set of measures and defend them.",
            "Publish a baseline in your first ninety days.",
            "Translate every result into money before you present it.",
        )
        + p("Even experienced executives drown in data. Decide what you will ignore."),
    },
    {
        "slug": "nobody-owns-customer-value",
        "title": "When nobody owns customer value",
        "authors": ["curtis-bingham"],
        "date": when(2010, 6, 7),
        "tags": ["CCO role", "Customer strategy"],
        "summary": (
            "Every executive answers for a result; few answer for the value of the customer "
            "base. That gap is the case for a chief customer officer."
        ),
        "body": p(
            "The CEO answers to shareholders, the CFO for the accounts, the head of sales for "
            "the quarter. Customers are everyone's concern and nobody's job.",
            "A chief customer officer closes that gap by owning one number: the growth in the "
            "value of the company's customer relationships.",
        ),
    },
    {
        "slug": "innovation-starts-with-customers",
        "title": "Innovation starts with customers",
        "authors": ["curtis-bingham"],
        "date": when(2012, 9, 17),
        "tags": ["Innovation", "Customer insight"],
        "summary": (
            "Customers now set the agenda. CCOs know them best and are placed to find what "
            "they need before competitors do."
        ),
        "body": p(
            "The companies that win are the ones that adapt to what customers are already "
            "doing. The CCO's closeness to customers makes them the natural scout.",
        ),
    },
    {
        "slug": "bringing-customers-into-innovation-early",
        "title": "Bring customers into innovation early",
        "authors": ["council-working-group"],
        "date": when(2013, 6, 3),
        "tags": ["Innovation"],
        "summary": (
            "Most new products fail, often because customers joined the process too late. How "
            "CCOs can champion involving them from the start."
        ),
        "body": p(
            "Estimates put innovation failure rates somewhere between sixty and ninety-six "
            "per cent. Much of that waste comes from building first and asking later.",
        )
        + ul(
            "Invite customers to frame the problem, not only to test the answer.",
            "Give a customer panel a veto on at least one early decision.",
            "Measure how many ideas came from customers, and publish it.",
        ),
    },
    {
        "slug": "a-personal-mission-for-your-first-two-years",
        "title": "A personal mission for your first two years",
        "authors": ["curtis-bingham"],
        "date": when(2014, 8, 4),
        "tags": ["First two years", "CCO role"],
        "summary": (
            "It takes at least two years for a CCO's work to show in the bottom line. A "
            "personal mission keeps you focused on a few strategic areas."
        ),
        "body": p(
            "New CCOs are expected to be useful immediately, yet the council's research shows "
            "results take two years. The risk is doing a little of everything.",
            "Write a one-sentence mission, pick three areas, and say no to the rest.",
        ),
    },
    {
        "slug": "protect-your-best-customers-in-a-downturn",
        "title": "Protect your best customers in a downturn",
        "authors": ["council-working-group"],
        "date": when(2009, 2, 16),
        "tags": ["Recession", "Retention"],
        "summary": (
            "Budget cuts put loyal customers within competitors' reach. Five steps protect "
            "them and the revenue they bring."
        ),
        "body": ol(
            "Identify your most profitable, most loyal customers by name.",
            "Protect the programmes they value most from cuts.",
            "Use technology to keep in touch when staff are scarce.",
            "Watch for prospects trading down into your market.",
            "Report retained revenue alongside savings.",
        ),
    },
    {
        "slug": "experimentation-without-the-infomercials",
        "title": "Experimenting without the infomercials",
        "authors": ["curtis-bingham"],
        "date": when(2011, 11, 21),
        "tags": ["Innovation", "Experimentation"],
        "summary": (
            "Experiments gave us penicillin and sticky notes, and also late-night "
            "infomercials. How to keep testing while limiting the damage."
        ),
        "body": p(
            "Loyalty and customer centricity are young disciplines; their best practices are "
            "still being found by trial and error.",
        )
        + ul(
            "Run small tests with a clear stop rule.",
            "Watch each experiment closely and adjust often.",
            "Tell customers when they are part of a pilot.",
        ),
    },
    {
        "slug": "the-ccos-accountabilities",
        "title": "The accountabilities of today's chief customer officer",
        "authors": ["council-working-group"],
        "date": when(2010, 11, 15),
        "tags": ["CCO role"],
        "summary": (
            "Council members compared CCO models across companies and listed the "
            "accountabilities most of them share."
        ),
        "body": h("A menu, not a mandate")
        + ul(
            "Customer strategy and segmentation",
            "The voice of the customer programme",
            "Customer experience design across departments",
            "Retention and loyalty results",
            "Customer data and insight",
        )
        + p("Choose the items that fit your company's competitive strategy."),
    },
    {
        "slug": "a-roadmap-to-customer-centricity",
        "title": "A roadmap to customer centricity",
        "authors": ["jasmine-green", "curtis-bingham"],
        "date": when(2013, 8, 19),
        "tags": ["Culture", "Change management"],
        "summary": (
            "Organisations resist deep change. A step-by-step approach that builds on early "
            "wins, drawn from Jasmine Green's work at Nationwide Insurance."
        ),
        "body": h("Iterate, do not leap")
        + p(
            "Set goals, refine the strategy, measure progress, and go round again. Each loop "
            "earns the support the next one needs."
        )
        + quote("Start where the customer pain is loudest and the fix is quickest."),
    },
    {
        "slug": "can-customer-engagement-be-measured",
        "title": "Can customer engagement be measured?",
        "authors": ["council-working-group"],
        "date": when(2012, 2, 20),
        "tags": ["Customer engagement", "Metrics"],
        "summary": (
            "Engaged customers buy more and stay longer. A working group asked which "
            "activities build engagement and how to measure it."
        ),
        "body": p(
            "The group agreed that engagement is behaviour, not sentiment: what customers do, "
            "not what they say in surveys."
        )
        + ul(
            "Frequency and depth of product use",
            "Participation in communities and advisory boards",
            "Referrals and public advocacy",
        ),
    },
    {
        "slug": "when-do-you-need-a-cco",
        "title": "Not whether you need a CCO, but when",
        "authors": ["curtis-bingham"],
        "date": when(2014, 10, 6),
        "tags": ["CCO role", "Hiring"],
        "summary": (
            "Executives ask whether their company needs a chief customer officer. The better "
            "question is when."
        ),
        "body": p(
            "Every growing company reaches the point where no single executive can see the "
            "whole customer relationship. That is when a CCO pays for themselves.",
        ),
    },
    {
        "slug": "summit-recap-what-makes-a-great-cco",
        "title": "What makes a great chief customer officer: notes from a summit",
        "authors": [],
        "date": when(2014, 4, 9),
        "tags": ["Events", "CCO role"],
        "summary": (
            "At Totango's Customer Success Summit in San Francisco, Jeanne Bliss gave a "
            "five-point job description for the CCO to some 400 attendees."
        ),
        "body": p(
            "The summit drew a standing-room crowd from eight countries. Totango's CEO, Guy "
            "Nirpaz, opened with his manifesto for customer success.",
            "Jeanne Bliss, who wrote the book on the role, argued that the CCO's work is to "
            "unite a company whose customers keep bouncing between silos.",
        )
        + quote("Customers should want to do business with you, not merely stay."),
        "source_name": "CMSWire",
        "source_url": RECAP_URL,
    },
]

CONVERSATIONS = [
    {
        "slug": "jay-topper-balancing-cost-and-relationships",
        "title": "Balancing cost against relationships",
        "series": "jay-topper-on-usage-authority-and-engagement",
        "part": 1,
        "date": when(2013, 1, 28),
        "tags": ["Customer success", "Cost control"],
        "interviewee": ("Jay Topper", "SVP of Customer Success", "Rosetta Stone"),
        "summary": (
            "The first excerpt: how Jay Topper weighed cost targets against relationship goals "
            "while running the company's largest department."
        ),
        "introduction": p(
            "Jay came to customer success from the CIO's chair. His department grew to be the "
            "biggest at Rosetta Stone, spanning sales call centres, renewals and the voice of "
            "the customer."
        ),
        "exchanges": [
            (
                "interviewer",
                "Cost and relationships often pull in opposite directions. How "
                "did you decide between them?",
            ),
            (
                "interviewee",
                "I stopped treating them as a trade. Every contact that helped a "
                "learner use the product was worth paying for; the rest we automated.",
            ),
            ("interviewer", "How did your years as CIO help?"),
            (
                "interviewee",
                "I knew where the data lived and which systems could change "
                "quickly. That let us move faster than the organisation expected.",
            ),
            ("interviewer", "What did you bring to marketing and product teams?"),
            (
                "interviewee",
                "Recordings, transcripts and usage numbers. Once they heard "
                "customers struggling, priorities shifted without a debate.",
            ),
        ],
    },
    {
        "slug": "jay-topper-earned-authority",
        "title": "Earned authority through transparency",
        "series": "jay-topper-on-usage-authority-and-engagement",
        "part": 2,
        "date": when(2013, 2, 25),
        "tags": ["Authority", "Customer success"],
        "interviewee": ("Jay Topper", "SVP of Customer Success", "Rosetta Stone"),
        "summary": (
            "The second excerpt: positional authority is fixed and borrowed authority fades; "
            "Jay Topper grew the earned kind by being open with his peers."
        ),
        "introduction": p(
            "Of the three kinds of authority, earned authority is the one that lasts. Jay "
            "built his by sharing results, good and bad, with his fellow executives."
        ),
        "exchanges": [
            ("interviewer", "What did transparency look like day to day?"),
            (
                "interviewee",
                "A weekly note to my peers with the numbers that were off "
                "track, before anyone asked.",
            ),
            ("interviewer", "Was that risky?"),
            (
                "interviewee",
                "It felt risky. In practice it made them allies, because they "
                "saw problems early enough to help.",
            ),
            ("interviewer", "How did collaboration change your standing?"),
            (
                "interviewee",
                "When other teams shared in the wins, they started inviting us "
                "into decisions we had never been part of.",
            ),
        ],
    },
    {
        "slug": "jay-topper-engagement-philosophy",
        "title": "Engaging customers one at a time",
        "series": "jay-topper-on-usage-authority-and-engagement",
        "part": 3,
        "date": when(2013, 3, 25),
        "tags": ["Customer engagement", "Customer success"],
        "interviewee": ("Jay Topper", "SVP of Customer Success", "Rosetta Stone"),
        "summary": (
            "The third and final excerpt: why Jay Topper treats usage as engagement, and the "
            "strategies that did most for a relationship-centred culture."
        ),
        "introduction": p(
            "Earlier, Jay called usage king. Here he explains why, for him, usage and "
            "engagement are the same thing."
        ),
        "exchanges": [
            ("interviewer", "Why put usage above everything else?"),
            (
                "interviewee",
                "A learner who practises renews. One who stops never hears our marketing again.",
            ),
            ("interviewer", "How personal can engagement be at your scale?"),
            (
                "interviewee",
                "More than people think. We reached out to learners who had "
                "stalled, by name, with a suggestion for their next lesson.",
            ),
            ("interviewer", "What are you proudest of?"),
            (
                "interviewee",
                "That the teams started to measure themselves by learner "
                "progress rather than by calls handled.",
            ),
        ],
    },
    {
        "slug": "peter-quinn-speaking-the-same-language",
        "title": "Speaking the same language as your peers",
        "series": "peter-quinn-on-winning-over-peers",
        "part": 1,
        "date": when(2012, 5, 14),
        "tags": ["Authority", "CCO role"],
        "interviewee": ("Peter Quinn", "Chief Customer Officer", "Lawson"),
        "summary": (
            "What lets a CCO excel among peers? For Peter Quinn, a varied career taught him "
            "to speak each executive's language."
        ),
        "introduction": p(
            "Peter led the customer office at Lawson, the enterprise software company that "
            "Infor acquired in 2011. His route to the role wandered through several functions."
        ),
        "exchanges": [
            ("interviewer", "Your career was anything but a straight line. Did that help?"),
            (
                "interviewee",
                "Enormously. I had sat in finance, services and sales meetings, "
                "so I knew what each of my peers worried about.",
            ),
            ("interviewer", "How did you use that?"),
            (
                "interviewee",
                "I framed every customer request in the other executive's "
                "terms: margin for finance, bookings for sales.",
            ),
            ("interviewer", "Any advice for a new CCO?"),
            ("interviewee", "Spend your first month listening to peers, not presenting to them."),
        ],
    },
    {
        "slug": "peter-quinn-first-year-opposition",
        "title": "Winning credibility through a difficult first year",
        "series": "peter-quinn-on-winning-over-peers",
        "part": 2,
        "date": when(2012, 6, 11),
        "tags": ["First two years", "Authority"],
        "interviewee": ("Peter Quinn", "Chief Customer Officer", "Infor"),
        "summary": (
            "Peter Quinn set up Lawson's customer experience office in 2008 and became its "
            "CCO in 2009. He describes the opposition he met and how he won support."
        ),
        "introduction": p(
            "A first-generation chief customer officer, Peter built the role from nothing. "
            "Not everyone welcomed it."
        ),
        "exchanges": [
            ("interviewer", "Where did the resistance come from?"),
            (
                "interviewee",
                "From leaders who thought a customer office would second-guess their teams.",
            ),
            ("interviewer", "How did you turn that around?"),
            (
                "interviewee",
                "I offered to take on their hardest customer problem first and "
                "gave them the credit when it was solved.",
            ),
            ("interviewer", "What would you do differently?"),
            (
                "interviewee",
                "I would publish a charter on day one, so nobody had to guess "
                "what the office was for.",
            ),
        ],
    },
    {
        "slug": "helen-burt-research-into-engagement",
        "title": "Turning customer research into engagement",
        "series": "helen-burt-on-trust-at-pge",
        "part": 1,
        "date": when(2010, 3, 8),
        "tags": ["Customer insight", "Customer engagement"],
        "interviewee": (
            "Helen Burt",
            "Senior Vice President and Chief Customer Officer",
            "Pacific Gas and Electric Company",
        ),
        "summary": (
            "Appointed PG&E's chief customer officer in 2006, Helen Burt explains how "
            "research shapes her engagement strategies at one of the largest US utilities."
        ),
        "introduction": p(
            "Helen is well known in the utility industry and speaks widely on service, "
            "marketing and quality."
        ),
        "exchanges": [
            (
                "interviewer",
                "Utility customers rarely choose their provider. Why invest in engagement?",
            ),
            (
                "interviewee",
                "Because trust decides whether they join our energy programmes, "
                "and those programmes matter to the whole state.",
            ),
            ("interviewer", "What did the research tell you?"),
            (
                "interviewee",
                "That customers wanted fewer, clearer messages, timed to the "
                "moments when they think about energy.",
            ),
            ("interviewer", "How did you act on it?"),
            (
                "interviewee",
                "We rebuilt our outreach calendar around those moments and "
                "measured sign-ups rather than impressions.",
            ),
        ],
    },
    {
        "slug": "helen-burt-rebuilding-trust-after-tragedy",
        "title": "Rebuilding trust after a tragedy",
        "series": "helen-burt-on-trust-at-pge",
        "part": 2,
        "date": when(2011, 9, 12),
        "tags": ["Crisis response", "Customer trust"],
        "interviewee": (
            "Helen Burt",
            "Senior Vice President and Chief Customer Officer",
            "Pacific Gas and Electric Company",
        ),
        "summary": (
            "When disaster struck its customers, PG&E faced a long road back. Helen Burt on "
            "repairing trust that had been badly damaged."
        ),
        "introduction": p(
            "Years of relationship building can be undone in a day. Helen talks about the "
            "work of recovery."
        ),
        "exchanges": [
            ("interviewer", "Where do you begin when trust is this damaged?"),
            (
                "interviewee",
                "With presence. Our people went to the affected neighbourhoods and stayed there.",
            ),
            ("interviewer", "How do you measure recovery?"),
            (
                "interviewee",
                "Slowly, and honestly. We track whether customers believe what "
                "we tell them, not just whether they are satisfied.",
            ),
            ("interviewer", "What would you tell another CCO facing a crisis?"),
            ("interviewee", "Do not rush to close the chapter. Customers decide when it is over."),
        ],
    },
    {
        "slug": "jennifer-maul-proving-value-in-year-one",
        "title": "Proving the CCO's value in year one",
        "date": when(2012, 12, 3),
        "tags": ["First two years", "Metrics"],
        "interviewee": ("Jennifer Maul", "Chief Customer Officer", "Vendavo"),
        "summary": (
            "Appointed Vendavo's CCO in 2008, Jennifer Maul moved the company from startup "
            "habits to lifelong customer relationships, and proved it in her first year."
        ),
        "introduction": p(
            "Jennifer brought two decades of enterprise software experience and a background "
            "in running the post-sale relationship. She later became SVP of Global Sales."
        ),
        "exchanges": [
            ("interviewer", "What did you tackle first?"),
            (
                "interviewee",
                "Renewals. They were handled case by case, and nobody could "
                "say which customers were at risk.",
            ),
            ("interviewer", "How did you show results so quickly?"),
            (
                "interviewee",
                "We set a baseline in the first quarter and reported against it "
                "every month, even when the news was mixed.",
            ),
            ("interviewer", "What lesson would you pass on?"),
            ("interviewee", "Pick a result the CFO already cares about and make it yours."),
        ],
    },
    {
        "slug": "jasmine-green-championing-customers-at-nationwide",
        "title": "Championing customers across every business unit",
        "date": when(2014, 5, 12),
        "tags": ["Culture", "Customer loyalty"],
        "interviewee": (
            "Jasmine Green",
            "Vice President and Chief Customer Advocate",
            "Nationwide Insurance",
        ),
        "summary": (
            "Jasmine Green on making Nationwide's service more personal and building a "
            "customer-centred culture across its businesses."
        ),
        "introduction": p(
            "Since becoming Chief Customer Advocate, Jasmine has worked across Nationwide's "
            "insurance and financial services businesses."
        ),
        "exchanges": [
            ("interviewer", "What does a chief customer advocate do that others do not?"),
            (
                "interviewee",
                "I look at the customer's whole relationship with us, across "
                "products that used to be run as separate companies.",
            ),
            ("interviewer", "How do you build loyalty in insurance, where contact is rare?"),
            (
                "interviewee",
                "By making the rare moments count: a claim handled with care "
                "is remembered for years.",
            ),
            ("interviewer", "And the culture?"),
            (
                "interviewee",
                "We share customer stories in every leadership meeting, so "
                "decisions start from a real person.",
            ),
        ],
    },
]

# Editors' examples: a draft and an item scheduled far ahead, both hidden from readers.
UNPUBLISHED = [
    {
        "slug": "draft-pricing-conversations-with-customers",
        "title": "Pricing conversations with customers (draft)",
        "authors": ["curtis-bingham"],
        "date": None,
        "status": Article.Status.DRAFT,
        "tags": ["Customer strategy"],
        "summary": "A draft on how customer executives join pricing decisions.",
        "body": p("Notes for a piece on pricing: to be written."),
    },
    {
        "slug": "the-next-decade-of-the-cco-role",
        "title": "The next decade of the CCO role",
        "authors": ["curtis-bingham"],
        "date": when(2035, 1, 8),
        "tags": ["CCO role"],
        "summary": "Where the chief customer officer's job is heading.",
        "body": p("Scheduled for publication: a look ahead at the role."),
    },
]


def upsert(model, lookup: dict, values: dict):
    """get_or_create, then save only what differs: a re-run touches nothing (not even
    updated_at), which keeps every app's seed() idempotent. events.demo uses it too."""
    obj, created = model.objects.get_or_create(**lookup, defaults=values)
    if not created:
        changed = [name for name, value in values.items() if getattr(obj, name) != value]
        if changed:
            for name in changed:
                setattr(obj, name, values[name])
            obj.save()
    return obj, created


def _item(spec: dict, authors: dict, series: dict, *, conversation: bool):
    values = {
        "title": spec["title"],
        "kind": Article.Kind.CONVERSATION if conversation else Article.Kind.ARTICLE,
        "summary": spec["summary"],
        "body": spec.get("body", ""),
        "status": spec.get("status", Article.Status.PUBLISHED),
        "published_at": spec["date"],
        "series": series.get(spec.get("series")),
        "part_number": spec.get("part"),
        "source_name": spec.get("source_name", ""),
        "source_url": spec.get("source_url", ""),
        "featured": spec.get("featured", False),
    }
    if conversation:
        name, title, organisation = spec["interviewee"]
        values.update(
            interviewee_name=name,
            interviewee_title=title,
            interviewee_organisation=organisation,
            interviewer=authors["curtis-bingham"],
            introduction=spec["introduction"],
        )
    article, created = upsert(Article, {"slug": spec["slug"]}, values)

    credited = spec.get("authors", ["curtis-bingham"] if conversation else [])
    wanted = [authors[slug].pk for slug in credited]
    if [link.author_id for link in article.author_links.order_by("position")] != wanted:
        article.author_links.all().delete()
        for position, author_id in enumerate(wanted):
            ArticleAuthor.objects.create(article=article, author_id=author_id, position=position)

    if sorted(article.tags.names()) != sorted(spec["tags"]):
        article.tags.set(spec["tags"])

    if conversation:
        wanted = [(speaker, f"<p>{text}</p>") for speaker, text in spec["exchanges"]]
        if list(article.exchanges.values_list("speaker", "text")) != wanted:
            article.exchanges.all().delete()
            Exchange.objects.bulk_create(
                Exchange(article=article, speaker=speaker, text=text, position=i)
                for i, (speaker, text) in enumerate(wanted, start=1)
            )
    return created


@transaction.atomic
def seed() -> str:
    """Create the demo content if missing; return a one-line summary. Idempotent."""
    authors, new = {}, 0
    for slug, values in AUTHORS.items():
        authors[slug], created = upsert(Author, {"slug": slug}, values)
        new += created
    series = {}
    for slug, values in SERIES.items():
        series[slug], created = upsert(Series, {"slug": slug}, values)
        new += created
    for spec in ARTICLES + UNPUBLISHED:
        new += _item(spec, authors, series, conversation=False)
    for spec in CONVERSATIONS:
        new += _item(spec, authors, series, conversation=True)
    services.item_changed(article_ids=Article.objects.values_list("pk", flat=True))
    total = Article.objects.published().count()
    return f"Library: {total} published items ({new} new rows)."
